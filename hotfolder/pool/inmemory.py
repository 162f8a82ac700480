"""An `Executor` with no processes, for tests (as huey's MemoryHuey is for storage).

What each file does is decided by a `behaviour` the test gives, asked when the file
starts: an outcome at once, an outcome after some seconds of the injected clock, a
crash, or a hang (a timeout once the file has run `timeout_s`). A `defer` gate holds
units back as the memory gate does; `load_error` (a `Crash` for a key) fails a key's
units before they start, as the local pool does when an engine will not load.
Nothing sleeps and nothing runs unless `poll` is called, so with a fake clock a test
is deterministic.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.executor import PoolStats, worker_counts
from hotfolder.pool.gate import LiveWorker
from hotfolder.pool.units import (
    PoolEvent,
    UnitCancelled,
    UnitDeferred,
    UnitFailed,
    UnitFinished,
    UnitProgressed,
    UnitStarted,
    WorkerKey,
    WorkUnit,
)

FIRST_PID = 4_000_000  # fake worker pids, above any real pid_max so none is mistaken for a process


@dataclass(frozen=True)
class Takes:
    """The file ends with `outcome` after `seconds` of the executor's clock.

    With `counts`, the engine reports progress on each poll while it runs, as a real
    one does: `counts` in all, done in proportion to the time it has run.
    """

    seconds: float
    outcome: Outcome
    counts: int = 0


@dataclass(frozen=True)
class Crash:
    """The worker dies on this file: it is charged, files before it keep their outcome, later ones are requeued."""

    message: str = "worker killed by SIGKILL"
    category: FailureCategory = FailureCategory.WORKER_CRASH


@dataclass(frozen=True)
class Hang:
    """The file never ends: the unit fails with a timeout once the file has run `timeout_s`."""


Reply = FileResult | FileFailure | Takes | Crash | Hang
Behaviour = Callable[[FileTask], Reply]


def echo(task: FileTask) -> Reply:
    """The default behaviour: every file succeeds with its input as output."""
    return FileResult([FileOutput(task.display_path, task.input_path.read_bytes())], engines={"memory": "1"})


@dataclass
class _Run:
    unit: WorkUnit
    pid: int
    file_started: float
    done: dict[int, Outcome] = field(default_factory=dict)
    reply: Reply | None = None  # of the file in hand (index len(done)), asked when it starts


class MemoryExecutor:
    """Deterministic in-process executor; `submitted` and `cancelled` record what the daemon asked."""

    def __init__(
        self,
        behaviour: Behaviour = echo,
        *,
        max_workers: int = 2,
        defer: Callable[[WorkUnit], str | None] = lambda unit: None,
        load_error: Callable[[WorkerKey], Crash | None] = lambda key: None,
        clock: Callable[[], float] = time.monotonic,
        peak_rss_mb: float | None = None,
    ) -> None:
        self.behaviour, self.defer, self.load_error, self.clock = behaviour, defer, load_error, clock
        self.peak_rss_mb = peak_rss_mb  # what each finished unit reports as its worker's peak
        self.max_workers = max(1, max_workers)
        self.pending: deque[WorkUnit] = deque()
        self.running: dict[str, _Run] = {}
        self.submitted: list[WorkUnit] = []
        self.cancelled: list[str] = []
        self.warmed: list[WorkerKey] = []
        self.counters = PoolStats()
        self._events: list[PoolEvent] = []
        self._deferred: set[str] = set()  # reported once per unit, as the local pool does
        self._next_pid = FIRST_PID
        self._closing = False

    # -- Executor -------------------------------------------------------------
    def submit(self, unit: WorkUnit) -> None:
        self.submitted.append(unit)
        self.pending.append(unit)

    def cancel(self, unit_id: str) -> None:
        self.cancelled.append(unit_id)
        queued = next((u for u in self.pending if u.id == unit_id), None)
        if queued is not None:
            self.pending.remove(queued)
        elif self.running.pop(unit_id, None) is None:
            return
        self._events.append(UnitCancelled(unit_id))

    def poll(self, timeout: float) -> list[PoolEvent]:
        """Start what fits, advance running units to the clock's now; never waits."""
        self._start_pending()
        for run in list(self.running.values()):
            self._advance(run, self.clock())
        self._start_pending()  # slots freed by units that just ended
        events, self._events = self._events, []
        return events

    def shutdown(self, grace_s: float) -> list[str]:
        """Units that would end within `grace_s` end (their events come from the next poll); the rest are returned."""
        self._closing = True
        unfinished = [u.id for u in self.pending]
        self.pending.clear()
        horizon = self.clock() + grace_s
        for run in list(self.running.values()):
            self._advance(run, horizon)
        unfinished += list(self.running)
        self.running.clear()
        return unfinished

    def warm(self, keys: list[WorkerKey]) -> None:
        self.warmed = list(keys)

    def live_workers(self) -> list[LiveWorker]:
        return []  # no process on this host: the memory gate has nothing to account for

    def stats(self) -> PoolStats:
        self.counters.busy_workers = len(self.running)
        self.counters.live_workers = len(self.running)
        self.counters.live_worker_keys = sorted({str(r.unit.key) for r in self.running.values()})
        self.counters.worker_counts = worker_counts((str(r.unit.key), True) for r in self.running.values())
        self.counters.loaded_keys = sorted({str(k) for k in self.warmed} | set(self.counters.live_worker_keys))
        self.counters.job_slots_available = self.max_workers - len(self.running)
        self.counters.pending_units = len(self.pending)
        self.counters.warmup_status = "complete" if self.warmed else "not_started"
        return self.counters

    # -- internals --------------------------------------------------------------
    def _start_pending(self) -> None:
        if self._closing:
            return
        for unit in list(self.pending):
            if len(self.running) >= self.max_workers:
                return
            error = self.load_error(unit.key)
            if error is not None:
                self.pending.remove(unit)
                self._events.append(UnitFailed(unit.id, error.category, error.message))
                continue
            reason = self.defer(unit)
            if reason is not None:
                if unit.id not in self._deferred:
                    self._deferred.add(unit.id)
                    self._events.append(UnitDeferred(unit.id, reason))
                continue
            self.pending.remove(unit)
            self._deferred.discard(unit.id)
            self._next_pid += 1
            self.counters.worker_starts += 1
            self.running[unit.id] = _Run(unit, self._next_pid, self.clock())
            self._events.append(UnitStarted(unit.id, self._next_pid))

    def _advance(self, run: _Run, now: float) -> None:
        """Move `run` through its files as far as `now` allows; report its end if it ends."""
        unit = run.unit
        while len(run.done) < len(unit.tasks):
            index = len(run.done)
            if run.reply is None:
                run.reply = self.behaviour(unit.tasks[index])
            reply = run.reply
            if isinstance(reply, Takes):
                if now < run.file_started + reply.seconds:
                    if reply.counts:
                        done = int(reply.counts * (now - run.file_started) / reply.seconds)
                        self._events.append(UnitProgressed(unit.id, {index: (done, reply.counts)}))
                    return
                run.file_started += reply.seconds
                reply = reply.outcome
            if isinstance(reply, Crash):
                if reply.category == FailureCategory.WORKER_CRASH:
                    self.counters.worker_crashes += 1
                self._end(run, UnitFailed(unit.id, reply.category, reply.message, done=dict(run.done), charged=(index,)))
                return
            if isinstance(reply, Hang):
                if now < run.file_started + unit.timeout_s:
                    return
                self.counters.worker_timeouts += 1
                message = f"{unit.tasks[index].display_path} still running after {unit.timeout_s:.0f} s (pool.file_timeout_s); worker {run.pid} killed"
                self._end(run, UnitFailed(unit.id, FailureCategory.WORKER_TIMEOUT, message, done=dict(run.done), charged=(index,)))
                return
            run.done[index], run.reply = reply, None
        self._end(run, UnitFinished(unit.id, [run.done[i] for i in range(len(unit.tasks))], peak_rss_mb=self.peak_rss_mb))

    def _end(self, run: _Run, event: PoolEvent) -> None:
        del self.running[run.unit.id]
        self._events.append(event)
