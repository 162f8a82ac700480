"""The executor seam: the local process pool today, a distributed engine tomorrow."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from hotfolder.pool.gate import LiveWorker
from hotfolder.pool.units import PoolEvent, WorkerKey, WorkUnit


@dataclass
class PoolStats:
    live_workers: int = 0
    busy_workers: int = 0
    live_worker_keys: list[str] = field(default_factory=list)
    # per live key: (workers, busy ones); batchalign3's `profile:... (N total, M idle)` is built from it
    worker_counts: dict[str, tuple[int, int]] = field(default_factory=dict)
    loaded_keys: list[str] = field(default_factory=list)  # workers whose engine has loaded
    job_slots_available: int = 0
    warmup_status: str = "not_started"  # not_started | in_progress | complete
    pending_units: int = 0
    worker_crashes: int = 0
    worker_timeouts: int = 0  # hung (no heartbeat) or a file past its deadline
    worker_recycles: int = 0  # retired cleanly after pool.worker_max_units units
    worker_starts: int = 0


class Executor(Protocol):
    def submit(self, unit: WorkUnit) -> None:
        """Accept a unit; it runs when a worker of its key is free."""
        ...

    def poll(self, timeout: float) -> list[PoolEvent]:
        """Wait up to `timeout` seconds for progress; return what happened."""
        ...

    def cancel(self, unit_id: str) -> None:
        """Stop a unit, pending or running; a `UnitCancelled` event follows."""
        ...

    def shutdown(self, grace_s: float) -> list[str]:
        """Let running units finish for up to `grace_s`, then stop; returns unfinished unit ids.

        Events of units that finished meanwhile come from the next `poll(0)`.
        """
        ...

    def warm(self, keys: list[WorkerKey]) -> None:
        """Load engines ahead of work where capacity allows."""
        ...

    def live_workers(self) -> list[LiveWorker]:
        """Worker processes on this host (what the memory gate accounts for); empty for remote executors."""
        ...

    def stats(self) -> PoolStats: ...


def worker_counts(workers: Iterable[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """(workers, busy) per key from (key, busy) per live worker."""
    counts: dict[str, tuple[int, int]] = {}
    for key, busy in workers:
        total, working = counts.get(key, (0, 0))
        counts[key] = (total + 1, working + int(busy))
    return counts
