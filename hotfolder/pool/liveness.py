"""Is a worker alive, hung, or over its file's deadline? Pure decisions over timestamps (time passed in)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    heartbeat_timeout_s: float  # silence longer than this: the worker is hung (or stopped)
    file_timeout_s: float  # per file in hand, from when the worker reported starting it


@dataclass(frozen=True)
class Alive:
    pass


@dataclass(frozen=True)
class Hung:
    silent_s: float  # since the last message from the worker


@dataclass(frozen=True)
class FileOverdue:
    running_s: float  # since the worker reported starting the file(s) in hand


Verdict = Alive | Hung | FileOverdue


def worker_verdict(last_heartbeat: float, file_started: float | None, now: float, limits: Limits, files_in_hand: int = 1) -> Verdict:
    """Silence beyond the heartbeat timeout is a hang; a file in hand past its deadline is overdue.

    Files a batch engine works on together share their deadline: `files_in_hand` x the per-file limit.
    """
    silent = now - last_heartbeat
    if silent >= limits.heartbeat_timeout_s:
        return Hung(silent)
    if file_started is not None and now - file_started >= limits.file_timeout_s * max(1, files_in_hand):
        return FileOverdue(now - file_started)
    return Alive()


def next_check_at(last_heartbeat: float, file_started: float | None, limits: Limits, files_in_hand: int = 1) -> float:
    """The earliest time the verdict can change if nothing more is heard from the worker."""
    at = last_heartbeat + limits.heartbeat_timeout_s
    if file_started is not None:
        at = min(at, file_started + limits.file_timeout_s * max(1, files_in_hand))
    return at


def recycle_due(units_run: int, max_units: int) -> bool:
    """A worker retires after `max_units` units (0: never), as huey's WorkerRecycle."""
    return max_units > 0 and units_run >= max_units


def may_prefetch(units_run: int, max_units: int) -> bool:
    """Queue another unit on a busy worker only if it will not retire before running it."""
    return not recycle_due(units_run, max_units)


def timeout_message(verdict: Hung | FileOverdue, pid: int, files_in_hand: str) -> str:
    """What the operator reads on the failed file and in the log."""
    if isinstance(verdict, Hung):
        return f"no heartbeat from worker {pid} for {verdict.silent_s:.0f} s (hung or stopped); killed"
    what = files_in_hand or "the unit"
    return f"{what} still running after {verdict.running_s:.0f} s (pool.file_timeout_s); worker {pid} killed"
