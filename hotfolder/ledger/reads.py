"""The ledger's read side: every query the API, the CLI and the daemon ask, over any connection.

Functions take a connection (the API's and the CLI's are read-only) and return rows or
plain values; shaping them for people or clients is the caller's business. Status values
come from the enums, so a renamed state cannot leave a query behind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from hotfolder.errors import HotfolderError
from hotfolder.ledger.records import FileRecord, InputRecord, Job, Request
from hotfolder.ledger.states import ENDED_JOB, FileStatus, JobStatus

DONE, ERROR = FileStatus.DONE, FileStatus.ERROR
QUEUED, PROCESSING = FileStatus.QUEUED, FileStatus.PROCESSING

# One page of jobs, then the file counts and first input of just that page: the
# ORDER BY walks jobs_submitted, and each aggregate is an index lookup on files_job
# and inputs_job, so the cost follows the page size, not the ledger's size.
JOBS_SQL = f"""
WITH page AS (
    SELECT id, folder, command, lang, options, status, error, submitted_at, started_at,
           completed_at, next_eligible_at
    FROM jobs {{where}}
    ORDER BY submitted_at DESC, id DESC
    LIMIT ? OFFSET ?
)
SELECT page.*,
       count(files.id) AS total_files,
       coalesce(sum(files.status = '{DONE}'), 0) AS completed_files,
       coalesce(sum(files.status = '{ERROR}'), 0) AS error_files,
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

_ATTEMPTS_SQL = """
SELECT attempts.id AS id, attempts.outcome AS outcome, attempts.category AS category,
       attempts.finished_at - attempts.started_at AS seconds, jobs.command AS command
FROM attempts LEFT JOIN jobs ON jobs.id = attempts.job_id
WHERE attempts.id > ?
ORDER BY attempts.id
"""


class UnknownJob(HotfolderError):
    def __init__(self, job_id: str) -> None:
        self.job_id = job_id
        super().__init__(f"no job {job_id!r} in the ledger")


def _one(conn: sqlite3.Connection, sql: str, key: object) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute(sql, (key,)).fetchone()
    if row is None:
        raise UnknownJob(str(key))
    return row


# -- records, for the daemon ---------------------------------------------------
def job(conn: sqlite3.Connection, job_id: str) -> Job:
    return Job.from_row(_one(conn, "SELECT * FROM jobs WHERE id = ?", job_id))


def files(conn: sqlite3.Connection, job_id: str) -> list[FileRecord]:
    return [FileRecord.from_row(r) for r in conn.execute("SELECT * FROM files WHERE job_id = ? ORDER BY id", (job_id,))]


def file(conn: sqlite3.Connection, file_id: int) -> FileRecord:
    return FileRecord.from_row(_one(conn, "SELECT * FROM files WHERE id = ?", file_id))


def file_statuses(conn: sqlite3.Connection, job_id: str) -> list[FileStatus]:
    return [FileStatus(r[0]) for r in conn.execute("SELECT status FROM files WHERE job_id = ?", (job_id,))]


def inputs(conn: sqlite3.Connection, job_id: str) -> list[InputRecord]:
    rows = conn.execute("SELECT * FROM inputs WHERE job_id = ? ORDER BY id", (job_id,))
    return [
        InputRecord(r["path"], r["display_path"], r["size"], r["mtime_ns"], r["inode"], r["sha256"], r["staged_path"])
        for r in rows
    ]


def claimed_keys(conn: sqlite3.Connection, folder: str) -> set[tuple[str, int, int, int]]:
    """Fingerprints of inbox originals whose job has not released them yet."""
    rows = conn.execute(
        "SELECT i.path, i.size, i.mtime_ns, i.inode FROM inputs i JOIN jobs j ON j.id = i.job_id"
        " WHERE i.folder = ? AND j.released = 0",
        (folder,),
    )
    return {(r[0], r[1], r[2], r[3]) for r in rows}


def runnable_files(conn: sqlite3.Connection, now: float, limit: int = 500) -> list[tuple[Job, FileRecord]]:
    """Queued files whose retry time has come, of jobs that may run, oldest job first."""
    rows = conn.execute(
        "SELECT f.id AS fid, j.id AS jid FROM files f JOIN jobs j ON j.id = f.job_id"
        " WHERE f.status = ? AND j.status IN (?, ?, ?)"
        " AND COALESCE(f.next_eligible_at, 0) <= ? AND COALESCE(j.next_eligible_at, 0) <= ?"
        " ORDER BY j.submitted_at, f.id LIMIT ?",
        (str(QUEUED), *map(str, (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.INTERRUPTED)), now, now, limit),
    ).fetchall()
    jobs: dict[str, Job] = {}
    out = []
    for row in rows:
        found = jobs.get(row["jid"]) or jobs.setdefault(row["jid"], job(conn, row["jid"]))
        out.append((found, file(conn, row["fid"])))
    return out


def unreleased_ended_jobs(conn: sqlite3.Connection) -> list[Job]:
    rows = conn.execute(
        f"SELECT * FROM jobs WHERE released = 0 AND status IN ({','.join('?' * len(ENDED_JOB))}) ORDER BY submitted_at",
        tuple(sorted(map(str, ENDED_JOB))),
    )
    return [Job.from_row(r) for r in rows]


def learned_budgets(conn: sqlite3.Connection) -> dict[str, float]:
    return {r[0]: r[1] for r in conn.execute("SELECT command, peak_rss_mb FROM memory_budgets")}


# -- jobs, for the API and the CLI ---------------------------------------------
def job_page(conn: sqlite3.Connection, status: str | None, limit: int, offset: int) -> list[sqlite3.Row]:
    """One page of jobs, newest first (id breaks ties), with file counts and first input."""
    where, params = ("WHERE status = ?", (str(status),)) if status else ("", ())
    return conn.execute(JOBS_SQL.format(where=where), (*params, limit, offset)).fetchall()


def job_row(conn: sqlite3.Connection, job_id: str) -> sqlite3.Row | None:
    """One job with the columns of `job_page`, or None."""
    rows = conn.execute(JOBS_SQL.format(where="WHERE id = ?"), (job_id, 1, 0)).fetchall()
    return rows[0] if rows else None


def job_outbox(conn: sqlite3.Connection, job_id: str) -> sqlite3.Row | None:
    """status, outbox_dir, bundle and receipt_written of a job, or None."""
    row: sqlite3.Row | None = conn.execute(
        "SELECT status, outbox_dir, bundle, receipt_written FROM jobs WHERE id = ?", (job_id,)
    ).fetchone()
    return row


def job_exists(conn: sqlite3.Connection, job_id: str) -> bool:
    return conn.execute("SELECT 1 FROM jobs WHERE id = ?", (job_id,)).fetchone() is not None


def job_ids_like(conn: sqlite3.Connection, prefix: str, limit: int = 2) -> list[str]:
    """Ids of jobs starting with `prefix` (LIKE's wildcards in it are taken literally)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = conn.execute("SELECT id FROM jobs WHERE id LIKE ? || '%' ESCAPE '\\' LIMIT ?", (escaped, limit))
    return [str(row[0]) for row in rows]


def job_summaries(conn: sqlite3.Connection, status: str | None, limit: int) -> list[sqlite3.Row]:
    """Newest jobs with file totals: id, folder, bundle, command, status, submitted_at, total, done, errors."""
    where, params = ("WHERE j.status = ?", [status]) if status else ("", [])
    return conn.execute(
        "SELECT j.id, j.folder, j.bundle, j.command, j.status, j.submitted_at, COUNT(f.id) AS total,"
        f" SUM(f.status = '{DONE}') AS done, SUM(f.status = '{ERROR}') AS errors"
        " FROM jobs j LEFT JOIN files f ON f.job_id = j.id"
        f" {where} GROUP BY j.id ORDER BY j.submitted_at DESC LIMIT ?",
        [*params, limit],
    ).fetchall()


def jobs_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    """How many jobs the ledger holds per status (only statuses present)."""
    return {row[0]: row[1] for row in conn.execute("SELECT status, count(*) FROM jobs GROUP BY status")}


def queued_jobs_by_folder(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute("SELECT folder, count(*) FROM jobs WHERE status = ? GROUP BY folder", (str(JobStatus.QUEUED),))
    return {row[0]: row[1] for row in rows}


def folder_backlog(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Per hot folder: (files queued or processing, files in error)."""
    rows = conn.execute(
        f"SELECT j.folder, SUM(f.status IN ('{QUEUED}', '{PROCESSING}')), SUM(f.status = '{ERROR}')"
        " FROM jobs j JOIN files f ON f.job_id = j.id GROUP BY j.folder"
    )
    return {row[0]: (row[1] or 0, row[2] or 0) for row in rows}


def cancelled_among(conn: sqlite3.Connection, job_ids: Iterable[str]) -> set[str]:
    """Which of these jobs are cancelled."""
    ids = tuple(job_ids)
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    rows = conn.execute(f"SELECT id FROM jobs WHERE status = ? AND id IN ({marks})", (str(JobStatus.CANCELLED), *ids))
    return {str(row[0]) for row in rows}


# -- files ------------------------------------------------------------------
def file_rows(conn: sqlite3.Connection, job_id: str) -> list[sqlite3.Row]:
    """The job's files in ledger order (the columns clients see)."""
    return conn.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE job_id = ? ORDER BY id", (job_id,)).fetchall()


def file_row(conn: sqlite3.Connection, job_id: str, file_id: int) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(f"SELECT {_FILE_COLUMNS} FROM files WHERE id = ? AND job_id = ?", (file_id, job_id)).fetchone()
    return row


def done_count(conn: sqlite3.Connection, job_id: str) -> int:
    row = conn.execute("SELECT count(*) FROM files WHERE job_id = ? AND status = ?", (job_id, str(DONE))).fetchone()
    return int(row[0])


def files_by_status(conn: sqlite3.Connection) -> dict[str, int]:
    return {row[0]: row[1] for row in conn.execute("SELECT status, count(*) FROM files GROUP BY status")}


def has_output(conn: sqlite3.Connection, job_id: str, path: str) -> bool:
    """Whether `path` is a recorded output of one of the job's done files."""
    row = conn.execute(
        "SELECT 1 FROM files, json_each(files.outputs) AS output"
        " WHERE files.job_id = ? AND files.status = ? AND output.value = ? LIMIT 1",
        (job_id, str(DONE), path),
    ).fetchone()
    return row is not None


# -- events and attempts ------------------------------------------------------
def last_event_id(conn: sqlite3.Connection, job_id: str) -> int:
    row = conn.execute("SELECT max(id) FROM events WHERE job_id = ?", (job_id,)).fetchone()
    return int(row[0] or 0)


def events_after(conn: sqlite3.Connection, job_id: str, after: int) -> list[sqlite3.Row]:
    """The job's events past `after`: id, kind, file_id, in order."""
    return conn.execute(
        "SELECT id, kind, file_id FROM events WHERE job_id = ? AND id > ? ORDER BY id", (job_id, after)
    ).fetchall()


def newest_attempt_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT max(id) FROM attempts").fetchone()[0] or 0)


def attempts_after(conn: sqlite3.Connection, after: int) -> Iterator[sqlite3.Row]:
    """Attempts past `after`: id, outcome, category, seconds, command (of its job), in order."""
    return iter(conn.execute(_ATTEMPTS_SQL, (after,)))


# -- operators' requests ------------------------------------------------------
def request(conn: sqlite3.Connection, request_id: int) -> Request:
    row = conn.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise LookupError(f"no request {request_id} in the ledger")
    return Request.from_row(row)


def requests_after(conn: sqlite3.Connection, after: int) -> list[Request]:
    """Requests recorded after id `after`, in order: a range of the primary key, cheap every step."""
    return [Request.from_row(row) for row in conn.execute("SELECT * FROM requests WHERE id > ? ORDER BY id", (after,))]


def requests_start(conn: sqlite3.Connection) -> int:
    """Where a starting daemon begins to read requests: before the first pending one, else after the last."""
    row = conn.execute(
        "SELECT coalesce((SELECT min(id) - 1 FROM requests WHERE applied_at IS NULL), (SELECT max(id) FROM requests), 0)"
    ).fetchone()
    return int(row[0])
