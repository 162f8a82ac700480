"""Read functions over the ledger, returning the API's response models."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

from hotfolder.api.paths import unsafe_reason
from hotfolder.api.provenance import read_provenance
from hotfolder.api.schemas import (
    ContentType,
    FileResult,
    FileStatusEntry,
    FileStatusKind,
    JobInfo,
    JobListItem,
    JobResultResponse,
    JobStatus,
    ProvenanceEntry,
)
from hotfolder.api.stages import file_stage
from hotfolder.ledger import reads
from hotfolder.outbox.receipt import receipt_name

_CONTENT_TYPES = {".cha": ContentType.CHAT, ".csv": ContentType.CSV}

ProvenanceReader = Callable[[Path, PurePosixPath], list[ProvenanceEntry]]


def iso_utc(timestamp: float | None) -> str | None:
    """Unix seconds as ISO 8601 UTC (`2026-01-15T10:00:00Z`)."""
    if timestamp is None:
        return None
    # strftime over gmtime: the same text as datetime.isoformat, several times faster (every job of
    # `GET /jobs` formats two of these).
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(timestamp // 1)))


def source_dir(input_path: str | None, display_path: str | None) -> str | None:
    """The bundle's own path: its folder (`<inbox>/PWA`) or its first file (`<inbox>/x.cha`).

    The display path of an input is relative to the inbox and starts with the bundle's
    name, so the bundle is the input's path cut after the display path's first part.
    (String operations: both paths are the ledger's, absolute and forward-slashed.)
    """
    if not input_path or not display_path or not input_path.endswith("/" + display_path):
        return None
    inbox = input_path[: len(input_path) - len(display_path)]
    return inbox + display_path.split("/", 1)[0]


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
        "num_workers": row["num_workers"] if "num_workers" in row.keys() else None,  # noqa: SIM118 - a Row is no dict
    }


def list_item(row: sqlite3.Row) -> JobListItem:
    """A job row with its counts (the columns of `reads.job_page`) as a `GET /jobs` entry."""
    return JobListItem(**_job_fields(row), error_files=row["error_files"])


def list_jobs(conn: sqlite3.Connection, status: str | None, limit: int, offset: int) -> list[JobListItem]:
    """One page of jobs, newest first (id breaks ties), with their file counts; `status` filters."""
    page = [list_item(row) for row in reads.job_page(conn, status, limit, offset)]
    workers = workers_by_job(conn, [item.job_id for item in page])
    return [item.model_copy(update={"num_workers": workers.get(item.job_id)}) for item in page]


_WORKERS_SQL = """
SELECT files.job_id, count(DISTINCT attempts.worker_pid) FROM files JOIN attempts ON attempts.file_id = files.id
WHERE files.job_id IN ({marks}) GROUP BY files.job_id
"""


def workers_by_job(conn: sqlite3.Connection, job_ids: list[str]) -> dict[str, int]:
    """How many worker processes have run files of each of these jobs (jobs none ran are left out)."""
    if not job_ids:
        return {}
    rows = conn.execute(_WORKERS_SQL.format(marks=",".join("?" * len(job_ids))), job_ids)
    return {str(row[0]): int(row[1]) for row in rows}


def get_job_item(conn: sqlite3.Connection, job_id: str) -> JobListItem | None:
    """One job as it appears in `GET /jobs`, or None if the ledger has no such job."""
    row = reads.job_row(conn, job_id)
    if row is None:
        return None
    return list_item(row).model_copy(update={"num_workers": workers_by_job(conn, [job_id]).get(job_id)})


def file_entry(row: sqlite3.Row, command: str | None = None) -> FileStatusEntry:
    """A files row (of a job of `command`) as batchalign3's per-file status."""
    stage, label = file_stage(row["progress_stage"], command)
    return FileStatusEntry(
        filename=row["filename"],
        status=row["status"],
        error=row["error"],
        error_category=row["error_category"],
        error_codes=_json_list(row["error_codes"]),
        error_line=row["error_line"],
        bug_report_id=row["bug_report_id"],
        progress_stage=stage,
        progress_label=label,
        progress_current=row["progress_current"],
        progress_total=row["progress_total"],
        next_eligible_at=row["next_eligible_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
    )


def get_file_entry(conn: sqlite3.Connection, job_id: str, file_id: int) -> FileStatusEntry | None:
    """One file of a job by its ledger id, or None."""
    row = reads.file_row(conn, job_id, file_id)
    if row is None:
        return None
    return file_entry(row, job_command(conn, job_id))


def job_command(conn: sqlite3.Connection, job_id: str) -> str | None:
    """The command of a job, or None."""
    row = conn.execute("SELECT command FROM jobs WHERE id = ?", (job_id,)).fetchone()
    return None if row is None else str(row[0])


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
    files = [file_entry(f, row["command"]) for f in reads.file_rows(conn, job_id)]
    current = next((f.filename for f in files if f.status is FileStatusKind.PROCESSING), None)
    fields = {**_job_fields(row), "num_workers": workers_by_job(conn, [job_id]).get(job_id)}
    return JobInfo(
        **fields,
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


def jobs_by_status(conn: sqlite3.Connection) -> dict[JobStatus, int]:
    """How many jobs the ledger holds in each status (zeros included)."""
    counts = dict.fromkeys(JobStatus, 0)
    for status, count in reads.jobs_by_status(conn).items():
        counts[JobStatus(status)] = count
    return counts


def queued_by_folder(conn: sqlite3.Connection) -> dict[str, int]:
    """How many jobs wait in the queue, per hot folder."""
    return reads.queued_jobs_by_folder(conn)


def busy_by_key(conn: sqlite3.Connection) -> dict[tuple[str, str], int]:
    """Files processing now per (command, lang): one per busy worker."""
    rows = conn.execute(
        "SELECT jobs.command, jobs.lang, count(*) FROM files JOIN jobs ON jobs.id = files.job_id"
        " WHERE files.status = ? GROUP BY jobs.command, jobs.lang",
        (str(FileStatusKind.PROCESSING),),
    )
    return {(str(row[0]), str(row[1])): int(row[2]) for row in rows}
