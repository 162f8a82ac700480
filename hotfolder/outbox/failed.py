"""The failed folder: the original input next to a machine-readable `<name>.error.json`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger.records import FileRecord, Job
from hotfolder.outbox.atomic import copy_atomic, write_atomic
from hotfolder.outbox.names import with_suffix_fitting


@dataclass(frozen=True)
class FailureRecord:
    job_id: str
    filename: str  # display path
    failure: FileFailure
    attempts: int
    at: str  # ISO 8601
    bug_report_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "filename": self.filename,
            "category": str(self.failure.category),
            "message": self.failure.message,
            "error_codes": self.failure.codes,
            "line": self.failure.line,
            "attempts": self.attempts,
            "failed_at": self.at,
            "bug_report_id": self.bug_report_id,
        }


def failure_record(job: Job, record: FileRecord, at: str) -> FailureRecord:
    """The reason of a file that ended in error, rebuilt from its ledger row."""
    category = FailureCategory(record.error_category) if record.error_category else FailureCategory.SYSTEM
    failure = FileFailure(record.error or "failed", category, codes=record.error_codes, line=record.error_line)
    return FailureRecord(job.id, record.filename, failure, record.attempts, at, record.bug_report_id)


def failed_path(failed_root: Path, bundle: str, bundle_kind: str, display_path: str) -> Path:
    """`failed/<bundle>/<path within the bundle>`: a folder bundle keeps its own layout."""
    parts = PurePosixPath(display_path).parts
    inner = parts[1:] if bundle_kind == "folder" and len(parts) > 1 else parts
    return failed_root.joinpath(bundle, *inner)


def write_failure(target: Path, original: Path | None, record: FailureRecord, *, root: Path | None = None) -> None:
    """Keep the original (when it still exists) and write the reason beside it, both durably.

    `root` is the failed/ folder: nothing below it is followed if it is a link.
    """
    if original is not None and original.exists():
        copy_atomic(original, target, root=root)
    report = json.dumps(record.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomic(error_json_path(target), report.encode(), root=root)


def error_json_path(target: Path) -> Path:
    """The reason beside a kept original: `<name>.error.json` (shortened to fit, see outbox.names)."""
    return target.with_name(with_suffix_fitting(target.name, ".error.json"))
