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


class RequestKind(StrEnum):
    """What an operator asks of a job from the CLI; the daemon applies it in its next step."""

    CANCEL = "cancel"
    RESTART = "restart"


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


# A file runs (processing) and ends done or error; a retry, requeue or crash puts it back in
# the queue; a cancel ends queued or running files as errors; a restart requeues errors. Done is final.
_FILE_MOVES: dict[FileStatus, frozenset[FileStatus]] = {
    FileStatus.QUEUED: frozenset({FileStatus.PROCESSING, FileStatus.ERROR}),
    FileStatus.PROCESSING: frozenset({FileStatus.DONE, FileStatus.ERROR, FileStatus.QUEUED}),
    FileStatus.DONE: frozenset(),
    FileStatus.ERROR: frozenset({FileStatus.QUEUED}),
}


class TransitionError(HotfolderError):
    def __init__(self, old: JobStatus | FileStatus, new: JobStatus | FileStatus, what: str = "job") -> None:
        self.old, self.new = old, new
        super().__init__(f"a {what} cannot go from {old} to {new}")


def check_job_move(old: JobStatus, new: JobStatus) -> None:
    """Raise TransitionError unless `old -> new` is a legal job transition."""
    if new != old and new not in _JOB_MOVES[old]:
        raise TransitionError(old, new)


def check_file_move(old: FileStatus, new: FileStatus) -> None:
    """Raise TransitionError unless `old -> new` is a legal file transition (staying put is not a move)."""
    if new != old and new not in _FILE_MOVES[old]:
        raise TransitionError(old, new, "file")


def file_sources(new: FileStatus) -> tuple[FileStatus, ...]:
    """The statuses a file may move to `new` from: what a bulk update (cancel, restart) may touch."""
    return tuple(old for old, moves in _FILE_MOVES.items() if new in moves)


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
