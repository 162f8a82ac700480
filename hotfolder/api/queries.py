"""Read functions over the ledger, returning the API's response models."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from hotfolder.api.paths import checked_relative, unsafe_reason
from hotfolder.api.provenance import read_provenance
from hotfolder.api.schemas import (
    ContentType,
    FileProgressStage,
    FileResult,
    FileStatusEntry,
    FileStatusKind,
    JobInfo,
    JobListItem,
    JobResultResponse,
    JobStatus,
    ProvenanceEntry,
)
from hotfolder.ledger import reads
from hotfolder.outbox.receipt import receipt_name

_STAGES = frozenset(stage.value for stage in FileProgressStage)
_CONTENT_TYPES = {".cha": ContentType.CHAT, ".csv": ContentType.CSV}

ProvenanceReader = Callable[[Path, PurePosixPath], list[ProvenanceEntry]]


def iso_utc(timestamp: float | None) -> str | None:
    """Unix seconds as ISO 8601 UTC (`2026-01-15T10:00:00Z`)."""
    if timestamp is None:
        return None
    moment = datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")
    return moment.replace("+00:00", "Z")


def source_dir(input_path: str | None, display_path: str | None) -> str | None:
    """The inbox a bundle came from: the input's path minus its display path."""
    if input_path is None or display_path is None:
        return None
    path, display = PurePosixPath(input_path), PurePosixPath(display_path)
    if path.parts[-len(display.parts) :] != display.parts:
        return None
    return str(PurePosixPath(*path.parts[: -len(display.parts)]))


def content_type(filename: str) -> ContentType:
    """What a result file holds, judged by its name."""
    return _CONTENT_TYPES.get(PurePosixPath(filename).suffix.lower(), ContentType.TEXT)


def _json_list(text: str | None) -> list[str] | None:
    return None if text is None else [str(item) for item in json.loads(text)]


def _job_fields(row: sqlite3.Row) -> dict[str, Any]:
    completed_at = row["completed_at"]
    duration = None
    if row["started_at"] is not None and completed_at is not None:
        duration = max(0.0, completed_at - row["started_at"])
    return {
        "job_id": row["id"],
        "status": row["status"],
        "command": row["command"],
        "lang": row["lang"],
        "source_dir": source_dir(row["input_path"], row["input_display_path"]),
        "total_files": row["total_files"],
        "completed_files": row["completed_files"],
        "submitted_at": iso_utc(row["submitted_at"]),
        "submitted_by_name": row["folder"],
        "completed_at": iso_utc(completed_at),
        "duration_s": duration,
        "next_eligible_at": row["next_eligible_at"],
    }


def list_jobs(conn: sqlite3.Connection, status: str | None, limit: int, offset: int) -> list[JobListItem]:
    """One page of jobs, newest first (id breaks ties), with their file counts; `status` filters."""
    return [
        JobListItem(**_job_fields(row), error_files=row["error_files"])
        for row in reads.job_page(conn, status, limit, offset)
    ]


def get_job_item(conn: sqlite3.Connection, job_id: str) -> JobListItem | None:
    """One job as it appears in `GET /jobs`, or None if the ledger has no such job."""
    row = reads.job_row(conn, job_id)
    return JobListItem(**_job_fields(row), error_files=row["error_files"]) if row else None


def file_entry(row: sqlite3.Row) -> FileStatusEntry:
    """A files row as batchalign3's per-file status."""
    raw_stage: str | None = row["progress_stage"]
    # The writer also records end stages ("done", "failed", "cancelled") that batchalign3's
    # in-flight enum lacks: those are shown as a label only.
    stage = FileProgressStage(raw_stage) if raw_stage in _STAGES else None
    return FileStatusEntry(
        filename=row["filename"],
        status=row["status"],
        error=row["error"],
        error_category=row["error_category"],
        error_codes=_json_list(row["error_codes"]),
        error_line=row["error_line"],
        bug_report_id=row["bug_report_id"],
        progress_stage=stage,
        progress_label=raw_stage.replace("_", " ").capitalize() if raw_stage else None,
        progress_current=row["progress_current"],
        progress_total=row["progress_total"],
        next_eligible_at=row["next_eligible_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def get_file_entry(conn: sqlite3.Connection, job_id: str, file_id: int) -> FileStatusEntry | None:
    """One file of a job by its ledger id, or None."""
    row = reads.file_row(conn, job_id, file_id)
    return None if row is None else file_entry(row)


def completed_count(conn: sqlite3.Connection, job_id: str) -> int:
    """How many of the job's files are done."""
    return reads.done_count(conn, job_id)


def tagged_options(command: str, options_json: str) -> dict[str, Any]:
    """The job's options tagged with its command, as batchalign3 sends them."""
    options = json.loads(options_json)
    return {"command": command, **{k: v for k, v in options.items() if k != "command"}}


def get_job(conn: sqlite3.Connection, job_id: str) -> JobInfo | None:
    """A job with one status entry per file, or None if the ledger has no such job."""
    row = reads.job_row(conn, job_id)
    if row is None:
        return None
    files = [file_entry(f) for f in reads.file_rows(conn, job_id)]
    current = next((f.filename for f in files if f.status is FileStatusKind.PROCESSING), None)
    return JobInfo(
        **_job_fields(row),
        options=tagged_options(row["command"], row["options"]),
        error=row["error"],
        current_file=current,
        file_statuses=files,
    )


def job_results(
    conn: sqlite3.Connection, job_id: str, provenance: ProvenanceReader = read_provenance
) -> JobResultResponse | None:
    """Outputs of the job's finished files, its failed files with their errors, and its receipt."""
    job = reads.job_outbox(conn, job_id)
    if job is None:
        return None
    outbox = Path(job["outbox_dir"])
    results: list[FileResult] = []
    for row in reads.file_rows(conn, job_id):
        if row["status"] == FileStatusKind.ERROR:
            results.append(FileResult(filename=row["filename"], error=row["error"] or "failed"))
        elif row["status"] == FileStatusKind.DONE:
            for output in _json_list(row["outputs"]) or []:
                kind = content_type(output)
                readable = kind is ContentType.CHAT and unsafe_reason(output) is None
                found = provenance(outbox, PurePosixPath(output)) if readable else []
                results.append(FileResult(filename=output, content_type=kind, provenance=found))
    if job["receipt_written"]:
        results.append(FileResult(filename=receipt_name(job["bundle"]), content_type=ContentType.TEXT))
    return JobResultResponse(job_id=job_id, status=job["status"], files=results)


def job_exists(conn: sqlite3.Connection, job_id: str) -> bool:
    """Whether the ledger has a job with this id."""
    return reads.job_exists(conn, job_id)


def result_file(conn: sqlite3.Connection, job_id: str, path: str) -> tuple[Path, PurePosixPath] | None:
    """Where the file for `/jobs/{job_id}/results/{path}` lies: (the job's outbox, path in it), or None.

    Raises UnsafeResultPath for a path that could leave the outbox. Otherwise the
    path must be one of the job's recorded outputs (or its receipt); the caller
    opens it with `safe_open`, which follows no link and opens only regular files.
    """
    relative = checked_relative(path)
    job = reads.job_outbox(conn, job_id)
    if job is None:
        return None
    recorded = (job["receipt_written"] and path == receipt_name(job["bundle"])) or reads.has_output(
        conn, job_id, path
    )
    return (Path(job["outbox_dir"]), relative) if recorded else None


def jobs_by_status(conn: sqlite3.Connection) -> dict[JobStatus, int]:
    """How many jobs the ledger holds in each status (zeros included)."""
    counts = dict.fromkeys(JobStatus, 0)
    for status, count in reads.jobs_by_status(conn).items():
        counts[JobStatus(status)] = count
    return counts


def queued_by_folder(conn: sqlite3.Connection) -> dict[str, int]:
    """How many jobs wait in the queue, per hot folder."""
    return reads.queued_jobs_by_folder(conn)
