"""The per-job receipt, written last: what went in, what came out, with which engines."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from hotfolder.ledger.records import FileRecord, InputRecord, Job
from hotfolder.ledger.states import FileStatus
from hotfolder.outbox.atomic import write_atomic
from hotfolder.outbox.names import with_suffix_fitting

RECEIPT_SUFFIX = ".receipt.json"


def receipt_path(job: Job) -> Path:
    return Path(job.outbox_dir) / receipt_name(job.bundle)


def receipt_name(bundle: str) -> str:
    """`<bundle>.receipt.json`, shortened to fit a 255-byte name (see outbox.names)."""
    return with_suffix_fitting(bundle, RECEIPT_SUFFIX)


def build_receipt(job: Job, files: list[FileRecord], inputs: list[InputRecord], *, version: str, iso: Any) -> dict[str, Any]:
    """A plain dict; `iso` turns unix seconds into ISO 8601 text."""
    engines: dict[str, str] = {}
    for record in files:
        engines.update(record.notes.get("engines", {}))
    return {
        "job_id": job.id,
        "hotfolder_version": version,
        "folder": job.folder,
        "bundle": job.bundle,
        "command": job.command,
        "lang": job.lang,
        "options": job.options,
        "status": str(job.status),
        "submitted_at": iso(job.submitted_at),
        "started_at": iso(job.started_at) if job.started_at else None,
        "completed_at": iso(job.completed_at) if job.completed_at else None,
        "duration_s": round(job.completed_at - job.started_at, 3) if job.completed_at and job.started_at else None,
        "engines": engines,
        "inputs": [{"path": i.display_path, "size": i.size, "sha256": i.sha256} for i in inputs],
        "files": [
            {
                "filename": f.filename,
                "status": str(f.status),
                "outputs": f.outputs,
                "attempts": f.attempts,
                **({"error": f.error, "error_category": f.error_category} if f.error and f.status != FileStatus.DONE else {}),
                **{k: v for k, v in f.notes.items() if k != "engines"},
            }
            for f in files
        ],
    }


def write_receipt(job: Job, receipt: dict[str, Any], *, sync_dir: bool = True) -> Path:
    path = receipt_path(job)
    data = (json.dumps(receipt, indent=2, ensure_ascii=False) + "\n").encode()
    write_atomic(path, data, root=Path(job.outbox_dir), sync_dir=sync_dir)
    return path


def output_path(job: Job, display_path: str) -> Path:
    """Where an output goes; refuses anything that would leave the outbox."""
    pure = PurePosixPath(display_path)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise ValueError(f"output path {display_path!r} would leave the outbox")
    return Path(job.outbox_dir).joinpath(*pure.parts)
