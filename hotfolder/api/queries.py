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
from hotfolder.outbox.receipt import receipt_name

# One page of jobs, then the file counts and first input of just that page: the
# ORDER BY walks jobs_submitted, and each aggregate is an index lookup on files_job
# and inputs_job, so the cost follows the page size, not the ledger's size.
JOBS_SQL = """
WITH page AS (
    SELECT id, folder, command, lang, options, status, error, submitted_at, started_at,
           completed_at, next_eligible_at
    FROM jobs {where}
    ORDER BY submitted_at DESC, id DESC
    LIMIT ? OFFSET ?
)
SELECT page.*,
       count(files.id) AS total_files,
       coalesce(sum(files.status = 'done'), 0) AS completed_files,
       coalesce(sum(files.status = 'error'), 0) AS error_files,
       first_input.path AS input_path,
       first_input.display_path AS input_display_path
FROM page
LEFT JOIN files ON files.job_id = page.id
LEFT JOIN inputs AS first_input
       ON first_input.id = (SELECT min(id) FROM inputs WHERE inputs.job_id = page.id)
GROUP BY page.id
ORDER BY page.submitted_at DESC, page.id DESC
"""

_FILE_COLUMNS = """
filename, status, error, error_category, error_codes, error_line, bug_report_id,
progress_stage, progress_current, progress_total, next_eligible_at, started_at,
finished_at, outputs
"""
_FILES_SQL = f"SELECT {_FILE_COLUMNS} FROM files WHERE job_id = ? ORDER BY id"
_FILE_SQL = f"SELECT {_FILE_COLUMNS} FROM files WHERE id = ? AND job_id = ?"

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


def _job_rows(
    conn: sqlite3.Connection, where: str, params: tuple[object, ...], limit: int, offset: int
) -> list[sqlite3.Row]:
    return conn.execute(JOBS_SQL.format(where=where), (*params, limit, offset)).fetchall()


def list_jobs(conn: sqlite3.Connection, status: str | None, limit: int, offset: int) -> list[JobListItem]:
    """One page of jobs, newest first (id breaks ties), with their file counts; `status` filters."""
    where, params = ("WHERE status = ?", (str(status),)) if status else ("", ())
    return [
        JobListItem(**_job_fields(row), error_files=row["error_files"])
        for row in _job_rows(conn, where, params, limit, offset)
    ]


def get_job_item(conn: sqlite3.Connection, job_id: str) -> JobListItem | None:
    """One job as it appears in `GET /jobs`, or None if the ledger has no such job."""
    rows = _job_rows(conn, "WHERE id = ?", (job_id,), 1, 0)
    return JobListItem(**_job_fields(rows[0]), error_files=rows[0]["error_files"]) if rows else None


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
    row = conn.execute(_FILE_SQL, (file_id, job_id)).fetchone()
    return None if row is None else file_entry(row)


def completed_count(conn: sqlite3.Connection, job_id: str) -> int:
    """How many of the job's files are done."""
    row = conn.execute(
        "SELECT count(*) FROM files WHERE job_id = ? AND status = 'done'", (job_id,)
    ).fetchone()
    return int(row[0])


def tagged_options(command: str, options_json: str) -> dict[str, Any]:
    """The job's options tagged with its command, as batchalign3 sends them."""
    options = json.loads(options_json)
    return {"command": command, **{k: v for k, v in options.items() if k != "command"}}


def get_job(conn: sqlite3.Connection, job_id: str) -> JobInfo | None:
    """A job with one status entry per file, or None if the ledger has no such job."""
    rows = _job_rows(conn, "WHERE id = ?", (job_id,), 1, 0)
    if not rows:
        return None
    row = rows[0]
    files = [file_entry(f) for f in conn.execute(_FILES_SQL, (job_id,))]
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
    job = conn.execute(
        "SELECT status, outbox_dir, bundle, receipt_written FROM jobs WHERE id = ?", (job_id,)
    ).fetchone()
    if job is None:
        return None
    outbox = Path(job["outbox_dir"])
    results: list[FileResult] = []
    for row in conn.execute(_FILES_SQL, (job_id,)):
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
    return conn.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is not None


def result_file(conn: sqlite3.Connection, job_id: str, path: str) -> tuple[Path, PurePosixPath] | None:
    """Where the file for `/jobs/{job_id}/results/{path}` lies: (the job's outbox, path in it), or None.

    Raises UnsafeResultPath for a path that could leave the outbox. Otherwise the
    path must be one of the job's recorded outputs (or its receipt); the caller
    opens it with `safe_open`, which follows no link and opens only regular files.
    """
    relative = checked_relative(path)
    job = conn.execute(
        "SELECT outbox_dir, bundle, receipt_written FROM jobs WHERE id = ?", (job_id,)
    ).fetchone()
    if job is None:
        return None
    recorded = (job["receipt_written"] and path == receipt_name(job["bundle"])) or (
        conn.execute(
            "SELECT 1 FROM files, json_each(files.outputs) AS output"
            " WHERE files.job_id = ? AND files.status = 'done' AND output.value = ? LIMIT 1",
            (job_id, path),
        ).fetchone()
        is not None
    )
    return (Path(job["outbox_dir"]), relative) if recorded else None


def jobs_by_status(conn: sqlite3.Connection) -> dict[JobStatus, int]:
    """How many jobs the ledger holds in each status (zeros included)."""
    counts = dict.fromkeys(JobStatus, 0)
    for row in conn.execute("SELECT status, count(*) AS n FROM jobs GROUP BY status"):
        counts[JobStatus(row["status"])] = row["n"]
    return counts


def queued_by_folder(conn: sqlite3.Connection) -> dict[str, int]:
    """How many jobs wait in the queue, per hot folder."""
    rows = conn.execute("SELECT folder, count(*) AS n FROM jobs WHERE status = 'queued' GROUP BY folder")
    return {row["folder"]: row["n"] for row in rows}
