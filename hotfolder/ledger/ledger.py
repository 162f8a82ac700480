"""The ledger's write side: every state change commits together with its event row."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from hotfolder.errors import FileFailure
from hotfolder.ledger import reads
from hotfolder.ledger.db import connect, database, migrate, transaction
from hotfolder.ledger.reads import UnknownJob
from hotfolder.ledger.records import FileRecord, InputRecord, Job, NewJob, Request
from hotfolder.ledger.states import (
    ENDED_FILE,
    FileStatus,
    JobStatus,
    RequestKind,
    TransitionError,
    check_file_move,
    check_job_move,
    file_sources,
    final_job_status,
)

QUEUED, PROCESSING, DONE, ERROR = FileStatus.QUEUED, FileStatus.PROCESSING, FileStatus.DONE, FileStatus.ERROR


class Ledger:
    """One writer per process; readers (API, CLI) open their own connections."""

    def __init__(self, path: Path, *, clock: Callable[[], float]) -> None:
        self.path = path
        self.clock = clock
        self.conn = connect(path)
        migrate(self.conn)
        self.db = database(self.conn)

    def close(self) -> None:
        self.conn.close()

    def batch(self) -> AbstractContextManager[sqlite3.Connection]:
        """One transaction for many state changes (each joins it); commit once at the end."""
        return transaction(self.conn)

    # -- events -------------------------------------------------------------
    def _event(self, kind: str, job_id: str | None, file_id: int | None = None, **data: Any) -> None:
        self.conn.execute(
            "INSERT INTO events (ts, job_id, file_id, kind, data) VALUES (?, ?, ?, ?, ?)",
            (self.clock(), job_id, file_id, kind, json.dumps(data, default=str)),
        )

    def _set_job(self, job_id: str, new: JobStatus, **columns: Any) -> None:
        old = JobStatus(self._one("SELECT status FROM jobs WHERE id = ?", job_id)["status"])
        check_job_move(old, new)
        columns.update(status=str(new), updated_at=self.clock())
        assignments = ", ".join(f"{name} = ?" for name in columns)
        self.conn.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*columns.values(), job_id))
        if new != old:
            self._event("job_update", job_id, status=str(new), previous=str(old))

    def _move_file(self, file_id: int, new: FileStatus) -> sqlite3.Row:
        """The file's job_id, status and attempts, once its move to `new` is checked legal."""
        row = self._one("SELECT job_id, status, attempts FROM files WHERE id = ?", file_id)
        check_file_move(FileStatus(row["status"]), new)
        return row

    def _one(self, sql: str, *args: Any) -> sqlite3.Row:
        row: sqlite3.Row | None = self.conn.execute(sql, args).fetchone()
        if row is None:
            raise UnknownJob(str(args[0]))
        return row

    # -- reading (the read side's queries over the writer's connection) ----------
    def job(self, job_id: str) -> Job:
        return reads.job(self.conn, job_id)

    def files(self, job_id: str) -> list[FileRecord]:
        return reads.files(self.conn, job_id)

    def file(self, file_id: int) -> FileRecord:
        return reads.file(self.conn, file_id)

    def inputs(self, job_id: str) -> list[InputRecord]:
        return reads.inputs(self.conn, job_id)

    def claimed_keys(self, folder: str) -> set[tuple[str, int, int, int]]:
        """Fingerprints of inbox originals whose job has not released them yet."""
        return reads.claimed_keys(self.conn, folder)

    def runnable_files(self, now: float, limit: int = 500) -> list[tuple[Job, FileRecord]]:
        """Queued files whose retry time has come, oldest job first."""
        return reads.runnable_files(self.conn, now, limit)

    def has_job(self, job_id: str) -> bool:
        return reads.job_exists(self.conn, job_id)

    def unreleased_ended_jobs(self) -> list[Job]:
        return reads.unreleased_ended_jobs(self.conn)

    # -- writing --------------------------------------------------------------
    def create_job(self, new: NewJob, job_id: str | None = None) -> str:
        """Record a claimed bundle as a queued job with its files and input fingerprints."""
        job_id = job_id or str(uuid.uuid4())
        now = self.clock()
        with transaction(self.conn):
            self.db.table("jobs").insert(
                {
                    "id": job_id,
                    "folder": new.folder,
                    "bundle": new.bundle,
                    "bundle_kind": new.bundle_kind,
                    "command": new.command,
                    "lang": new.lang,
                    "options": json.dumps(new.options, sort_keys=True),
                    "status": str(JobStatus.QUEUED),
                    "submitted_at": now,
                    "outbox_dir": new.outbox_dir,
                    "failed_dir": new.failed_dir,
                    "staging_dir": new.staging_dir,
                    "node_id": new.node_id,
                    "updated_at": now,
                }
            )
            self.db.table("files").insert_all(
                {"job_id": job_id, "filename": name, "status": str(FileStatus.QUEUED)} for name in new.files
            )
            self.db.table("inputs").insert_all(
                {
                    "job_id": job_id,
                    "folder": new.folder,
                    "path": i.path,
                    "display_path": i.display_path,
                    "size": i.size,
                    "mtime_ns": i.mtime_ns,
                    "inode": i.inode,
                    "sha256": i.sha256,
                    "staged_path": i.staged_path,
                }
                for i in new.inputs
            )
            self._event("job_created", job_id, folder=new.folder, bundle=new.bundle, files=len(new.files))
        return job_id

    def start_file(self, file_id: int, worker_pid: int | None) -> int | None:
        """Mark a file processing and open an attempt; returns the attempt number.

        None, with nothing written, for a file that ended while its unit was on the way
        (its job was cancelled): a cancelled file must not come back to life.
        """
        now = self.clock()
        with transaction(self.conn):
            row = self._one("SELECT job_id, status, attempts FROM files WHERE id = ?", file_id)
            if FileStatus(row["status"]) in ENDED_FILE:
                return None
            check_file_move(FileStatus(row["status"]), PROCESSING)
            number: int = row["attempts"] + 1
            self.conn.execute(
                "UPDATE files SET status = ?, attempts = ?, started_at = COALESCE(started_at, ?),"
                " progress_stage = 'processing', progress_current = NULL, progress_total = NULL, next_eligible_at = NULL WHERE id = ?",
                (str(PROCESSING), number, now, file_id),
            )
            self.conn.execute(
                "INSERT INTO attempts (file_id, job_id, number, started_at, worker_pid) VALUES (?, ?, ?, ?, ?)",
                (file_id, row["job_id"], number, now, worker_pid),
            )
            job = self.job(row["job_id"])
            if job.status != JobStatus.RUNNING:
                self._set_job(job.id, JobStatus.RUNNING, started_at=job.started_at or now, next_eligible_at=None)
            elif job.status == JobStatus.RUNNING:
                self.conn.execute("UPDATE jobs SET next_eligible_at = NULL WHERE id = ?", (job.id,))
            self._event("file_update", row["job_id"], file_id, status=str(PROCESSING), attempt=number)
        return number

    def _close_attempt(self, file_id: int, outcome: str, category: str | None, peak_rss_mb: float | None = None) -> None:
        self.conn.execute(
            "UPDATE attempts SET finished_at = ?, outcome = ?, category = ?, peak_rss_mb = ?"
            " WHERE id = (SELECT MAX(id) FROM attempts WHERE file_id = ?) AND finished_at IS NULL",
            (self.clock(), outcome, category, peak_rss_mb, file_id),
        )

    def set_progress(self, file_id: int, current: int, total: int) -> bool:
        """How far the engine is through a processing file; False, nothing written, once it is not processing."""
        with transaction(self.conn):
            row = self.conn.execute("SELECT job_id FROM files WHERE id = ? AND status = ?", (file_id, str(PROCESSING))).fetchone()
            if row is not None:
                self.conn.execute("UPDATE files SET progress_current = ?, progress_total = ? WHERE id = ?", (current, total, file_id))
                self._event("file_update", row["job_id"], file_id, status=str(PROCESSING), progress=[current, total])
        return row is not None

    def file_done(self, file_id: int, outputs: list[str], notes: dict[str, Any], peak_rss_mb: float | None = None) -> None:
        """Record a file whose outputs are already durable in the outbox."""
        now = self.clock()
        with transaction(self.conn):
            job_id = self._move_file(file_id, DONE)["job_id"]
            self.conn.execute(
                "UPDATE files SET status = ?, finished_at = ?, outputs = ?, notes = ?, progress_stage = 'done',"
                " error = NULL, error_category = NULL, error_codes = NULL, error_line = NULL, next_eligible_at = NULL"
                " WHERE id = ?",
                (str(DONE), now, json.dumps(outputs), json.dumps(notes, default=str), file_id),
            )
            self._close_attempt(file_id, "done", None, peak_rss_mb)
            self._event("file_update", job_id, file_id, status=str(DONE))

    def file_error(self, file_id: int, failure: FileFailure, *, bug_report_id: str | None = None) -> None:
        """Record a file that ended in error (its original is already in failed/)."""
        now = self.clock()
        with transaction(self.conn):
            job_id = self._move_file(file_id, ERROR)["job_id"]
            self.conn.execute(
                "UPDATE files SET status = ?, finished_at = ?, error = ?, error_category = ?, error_codes = ?,"
                " error_line = ?, bug_report_id = ?, progress_stage = 'failed', next_eligible_at = NULL WHERE id = ?",
                (str(ERROR), now, failure.message, str(failure.category), json.dumps(failure.codes), failure.line, bug_report_id, file_id),
            )
            self._close_attempt(file_id, "error", str(failure.category))
            self._event("file_update", job_id, file_id, status=str(ERROR), category=str(failure.category))

    def file_retry(self, file_id: int, failure: FileFailure, next_eligible_at: float, *, charge: bool = True) -> None:
        """Requeue a file after a transient failure; it keeps its error until it runs again.

        `charge=False` gives the attempt back: the file was stopped for the host's sake, not its own.
        """
        with transaction(self.conn):
            job_id = self._move_file(file_id, QUEUED)["job_id"]
            self.conn.execute(
                "UPDATE files SET status = ?, error = ?, error_category = ?, next_eligible_at = ?,"
                " progress_stage = 'retry_scheduled', progress_current = NULL, progress_total = NULL, attempts = attempts - ? WHERE id = ?",
                (str(QUEUED), failure.message, str(failure.category), next_eligible_at, 0 if charge else 1, file_id),
            )
            self._close_attempt(file_id, "retry", str(failure.category))
            self._event("file_update", job_id, file_id, status=str(QUEUED), retry_at=next_eligible_at)

    def requeue_file(self, file_id: int, reason: str) -> None:
        """Put a file back without counting the attempt against it (shutdown, memory pressure)."""
        with transaction(self.conn):
            job_id = self._move_file(file_id, QUEUED)["job_id"]
            self.conn.execute(
                "UPDATE files SET status = ?, attempts = MAX(attempts - 1, 0), progress_stage = NULL, progress_current = NULL,"
                " progress_total = NULL WHERE id = ?",
                (str(QUEUED), file_id),
            )
            self._close_attempt(file_id, "interrupted", reason)
            self._event("file_update", job_id, file_id, status=str(QUEUED), reason=reason)

    def final_status(self, job_id: str) -> JobStatus | None:
        """The status the job ends with once every file has ended, else None (nothing written)."""
        return final_job_status(reads.file_statuses(self.conn, job_id))

    def end_job(self, job_id: str, final: JobStatus, completed_at: float) -> None:
        """End the job in its final status; its receipt is already durable in the outbox."""
        with transaction(self.conn):
            error = "every file failed" if final == JobStatus.FAILED else None
            self._set_job(job_id, final, completed_at=completed_at, error=error, receipt_written=1)

    def fail_job(self, job_id: str, error: str, completed_at: float) -> None:
        """End a job that could not end normally (ending or releasing it raised): failed, with why."""
        with transaction(self.conn):
            self._set_job(job_id, JobStatus.FAILED, completed_at=completed_at, error=error)

    def mark(self, job_id: str, *, receipt_written: bool | None = None, released: bool | None = None) -> None:
        columns = {k: int(v) for k, v in (("receipt_written", receipt_written), ("released", released)) if v is not None}
        with transaction(self.conn):
            assignments = ", ".join(f"{k} = ?" for k in columns)
            self.conn.execute(f"UPDATE jobs SET {assignments} WHERE id = ?", (*columns.values(), job_id))
            self._event("job_marked", job_id, **columns)

    def cancel(self, job_id: str) -> Job:
        """Cancel a job: unfinished files end as cancelled errors; stays cancelled across restarts."""
        now = self.clock()
        with transaction(self.conn):
            job = self.job(job_id)
            check_job_move(job.status, JobStatus.CANCELLED)
            sources = file_sources(ERROR)  # queued and processing: every file not ended
            self.conn.execute(
                "UPDATE files SET status = ?, error = 'cancelled by operator', error_category = 'cancelled',"
                " finished_at = ?, progress_stage = 'cancelled', next_eligible_at = NULL"
                f" WHERE job_id = ? AND status IN ({','.join('?' * len(sources))})",
                (str(ERROR), now, job_id, *map(str, sources)),
            )
            self.conn.execute(
                "UPDATE attempts SET finished_at = ?, outcome = 'cancelled', category = 'cancelled'"
                " WHERE job_id = ? AND finished_at IS NULL",
                (now, job_id),
            )
            self._set_job(job_id, JobStatus.CANCELLED, completed_at=now, error="cancelled by operator")
        return self.job(job_id)

    def restart(self, job_id: str) -> Job:
        """Requeue the unfinished files of a cancelled or failed job."""
        with transaction(self.conn):
            job = self.job(job_id)
            check_job_move(job.status, JobStatus.QUEUED)
            self.conn.execute(  # every file but the done ones (done is final) goes back in the queue
                "UPDATE files SET status = ?, attempts = 0, error = NULL, error_category = NULL,"
                " error_codes = NULL, error_line = NULL, bug_report_id = NULL, next_eligible_at = NULL,"
                " finished_at = NULL, progress_stage = NULL, progress_current = NULL, progress_total = NULL WHERE job_id = ? AND status != ?",
                (str(QUEUED), job_id, str(DONE)),
            )
            # Released again when it ends: the failed/ copies of its first end go if it now completes.
            self._set_job(job_id, JobStatus.QUEUED, completed_at=None, error=None, receipt_written=0, released=0)
        return self.job(job_id)

    def recover(self) -> list[str]:
        """After a crash or restart: park live jobs as interrupted and requeue files in hand."""
        with transaction(self.conn):
            live = [r[0] for r in self.conn.execute(
                "SELECT id FROM jobs WHERE status IN (?, ?)", (str(JobStatus.QUEUED), str(JobStatus.RUNNING)))]
            self.conn.execute(
                "UPDATE attempts SET finished_at = ?, outcome = 'interrupted'"
                " WHERE finished_at IS NULL AND file_id IN (SELECT id FROM files WHERE status = ?)",
                (self.clock(), str(PROCESSING)),
            )
            # The interrupted attempt does not count against the file's max_attempts.
            check_file_move(PROCESSING, QUEUED)
            self.conn.execute(
                "UPDATE files SET status = ?, attempts = MAX(attempts - 1, 0), progress_stage = NULL, progress_current = NULL,"
                " progress_total = NULL WHERE status = ?",
                (str(QUEUED), str(PROCESSING)),
            )
            for job_id in live:
                self._set_job(job_id, JobStatus.INTERRUPTED)
                # Then requeued (the spec's recovery): `interrupted` reads as an end to clients, and
                # a resumed job may wait long (for memory, a retry) before a file starts again.
                if self.conn.execute("SELECT 1 FROM files WHERE job_id = ? AND status = ? LIMIT 1", (job_id, str(QUEUED))).fetchone():
                    self._set_job(job_id, JobStatus.QUEUED)
        return live

    # -- operators' requests ----------------------------------------------------
    def request(self, job_id: str, kind: RequestKind) -> int:
        """Record a cancel or restart for the daemon to apply in its next step; returns its id."""
        with transaction(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO requests (job_id, kind, requested_at) VALUES (?, ?, ?)", (job_id, str(kind), self.clock())
            )
        return int(cursor.lastrowid or 0)

    def requests_after(self, after: int) -> list[Request]:
        return reads.requests_after(self.conn, after)

    def requests_start(self) -> int:
        return reads.requests_start(self.conn)

    def apply_request(self, request_id: int) -> Request:
        """Make a request's change once, whoever comes first (the daemon, or the CLI when none runs).

        A job that has moved on meanwhile (ended, restarted) leaves the request applied with why not.
        """
        with transaction(self.conn):
            request = reads.request(self.conn, request_id)
            if request.applied_at is None:
                error = None
                try:
                    if request.kind == RequestKind.CANCEL:
                        self.cancel(request.job_id)
                    else:
                        self.restart(request.job_id)
                except (TransitionError, UnknownJob) as refused:
                    error = str(refused)
                self.conn.execute(
                    "UPDATE requests SET applied_at = ?, error = ? WHERE id = ?", (self.clock(), error, request_id)
                )
        return reads.request(self.conn, request_id)

    def prune_requests(self, applied_before: float) -> int:
        """Delete requests applied before `applied_before`; returns how many.

        The newest row always stays: ids are rowids, and a running daemon reads past the last id it
        took, so ids must never be handed out again.
        """
        with transaction(self.conn):
            cursor = self.conn.execute(
                "DELETE FROM requests WHERE applied_at IS NOT NULL AND applied_at < ? AND id < (SELECT max(id) FROM requests)",
                (applied_before,),
            )
        return cursor.rowcount

    def defer_job(self, job_id: str, until: float, reason: str) -> None:
        with transaction(self.conn):
            self.conn.execute("UPDATE jobs SET next_eligible_at = ?, updated_at = ? WHERE id = ?", (until, self.clock(), job_id))
            self._event("job_deferred", job_id, until=until, reason=reason)

    def record_peak(self, command: str, peak_rss_mb: float) -> None:
        """Learn a command's memory budget from measured peaks (keeps the max seen)."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO memory_budgets (command, peak_rss_mb, samples, updated_at) VALUES (?, ?, 1, ?)"
                " ON CONFLICT(command) DO UPDATE SET peak_rss_mb = MAX(peak_rss_mb, excluded.peak_rss_mb),"
                " samples = samples + 1, updated_at = excluded.updated_at",
                (command, peak_rss_mb, self.clock()),
            )

    def learned_budgets(self) -> dict[str, float]:
        return reads.learned_budgets(self.conn)
