"""The parent's view of one worker process: its pipe, its unit, what it last reported."""

from __future__ import annotations

import signal
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from hotfolder.pool.liveness import Limits, Verdict, next_check_at, worker_verdict
from hotfolder.pool.progress import UnitProgress
from hotfolder.pool.states import Why, WorkerState, move
from hotfolder.pool.units import WorkerKey, WorkUnit


@dataclass(eq=False)
class WorkerHandle:
    key: WorkerKey
    process: BaseProcess
    conn: Connection
    started_at: float
    state: WorkerState = WorkerState.STARTING
    unit: WorkUnit | None = None  # running now
    next: WorkUnit | None = None  # already sent, runs as soon as `unit` ends: the worker never waits for us
    discard: set[str] = field(default_factory=set)  # cancelled units whose results are dropped
    progress: UnitProgress | None = None  # what the worker reported on `unit`
    last_beat: float = 0.0  # when we last heard from it (any message counts)
    units_run: int = 0  # for recycling
    idle_since: float = 0.0
    stop_sent_at: float | None = None
    peak_rss_mb: float | None = None

    @property
    def ready(self) -> bool:
        """Its engine has loaded and it is not on its way out."""
        return self.state in (WorkerState.IDLE, WorkerState.BUSY)

    @property
    def stopping(self) -> bool:
        return self.state in (WorkerState.STOPPING, WorkerState.GONE)

    def to(self, why: Why) -> None:
        self.state = move(self.state, why)

    def begin(self, unit: WorkUnit, now: float) -> None:
        """`unit` now runs in the worker; its file deadline counts from its first report (or now)."""
        self.to(Why.ASSIGNED)
        self.unit, self.progress = unit, UnitProgress(unit, file_started=now)
        self.units_run += 1

    def _limits(self, heartbeat_timeout_s: float) -> Limits:
        return Limits(heartbeat_timeout_s, self.unit.timeout_s if self.unit is not None else float("inf"))

    def verdict(self, now: float, heartbeat_timeout_s: float) -> Verdict:
        started, in_hand = (self.progress.file_started, self.progress.files_in_hand) if self.progress else (None, 1)
        return worker_verdict(self.last_beat, started, now, self._limits(heartbeat_timeout_s), in_hand)

    def next_check(self, heartbeat_timeout_s: float) -> float:
        started, in_hand = (self.progress.file_started, self.progress.files_in_hand) if self.progress else (None, 1)
        return next_check_at(self.last_beat, started, self._limits(heartbeat_timeout_s), in_hand)


def describe_exit(code: int | None) -> str:
    if code is None:
        return "worker vanished"
    if code < 0:
        try:
            return f"worker killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker killed by signal {-code}"
    return f"worker exited with status {code}"
