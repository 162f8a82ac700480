"""Job and file state machines as pure functions (batchalign3's rules)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from hotfolder.errors import HotfolderError


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


class FileStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    ERROR = "error"


ENDED_JOB = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})
ENDED_FILE = frozenset({FileStatus.DONE, FileStatus.ERROR})

# Interrupted is where a restart parks live work; it resumes as queued.
_JOB_MOVES: dict[JobStatus, frozenset[JobStatus]] = {
    JobStatus.QUEUED: frozenset({JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.INTERRUPTED, JobStatus.FAILED, JobStatus.COMPLETED}),
    JobStatus.RUNNING: frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.INTERRUPTED}),
    JobStatus.INTERRUPTED: frozenset({JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.CANCELLED, JobStatus.COMPLETED, JobStatus.FAILED}),
    JobStatus.COMPLETED: frozenset(),
    JobStatus.FAILED: frozenset({JobStatus.QUEUED}),  # restart
    JobStatus.CANCELLED: frozenset({JobStatus.QUEUED}),  # restart
}


class TransitionError(HotfolderError):
    def __init__(self, old: JobStatus, new: JobStatus) -> None:
        self.old, self.new = old, new
        super().__init__(f"a job cannot go from {old} to {new}")


def check_job_move(old: JobStatus, new: JobStatus) -> None:
    """Raise TransitionError unless `old -> new` is a legal job transition."""
    if new != old and new not in _JOB_MOVES[old]:
        raise TransitionError(old, new)


def final_job_status(files: Iterable[FileStatus]) -> JobStatus | None:
    """The job's terminal status once every file has ended, else None.

    A job is failed only when every file failed; some failures make it
    completed with error_files > 0.
    """
    statuses = list(files)
    if any(s not in ENDED_FILE for s in statuses):
        return None
    if statuses and any(s == FileStatus.DONE for s in statuses):
        return JobStatus.COMPLETED
    return JobStatus.FAILED


def retry_delay_s(attempt: int, *, base: float = 1.0, cap: float = 60.0) -> float:
    """Backoff after the `attempt`-th failed attempt: 1 s, 2 s, 4 s ... capped."""
    return float(min(cap, base * 2 ** max(0, attempt - 1)))


def should_retry(attempts: int, max_attempts: int, retryable: bool) -> bool:
    return retryable and attempts < max_attempts
