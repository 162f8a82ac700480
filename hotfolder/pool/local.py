"""The local process pool: warm workers keyed by (command, lang, options), supervised."""

from __future__ import annotations

import logging
import multiprocessing
import signal
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any

from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory
from hotfolder.pool.executor import PoolStats
from hotfolder.pool.gate import LiveWorker, MemoryGate
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from hotfolder.pool.worker import worker_main

log = logging.getLogger("hotfolder.pool")

@dataclass(eq=False)
class _Worker:
    key: WorkerKey
    process: BaseProcess
    conn: Connection
    started_at: float
    ready: bool = False
    unit: WorkUnit | None = None  # running now
    next: WorkUnit | None = None  # already sent, runs as soon as `unit` ends: the worker never waits for us
    discard: set[str] = field(default_factory=set)  # cancelled units whose results are dropped
    deadline: float | None = None
    idle_since: float = 0.0
    stopping: bool = False
    peak_rss_mb: float | None = None


def describe_exit(code: int | None) -> str:
    if code is None:
        return "worker vanished"
    if code < 0:
        try:
            return f"worker killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"worker killed by signal {-code}"
    return f"worker exited with status {code}"


class LocalPool:
    """An `Executor` of spawned processes; each loads its engine once and serves many units."""

    def __init__(
        self,
        registry: Registry,
        *,
        max_workers: int,
        worker_idle_s: float = 300.0,
        ready_timeout_s: float = 300.0,
        gate: MemoryGate | None = None,
        clock: Callable[[], float] = time.monotonic,
        context: SpawnContext | None = None,
    ) -> None:
        self.registry = registry
        self.max_workers = max(1, max_workers)
        self.worker_idle_s = worker_idle_s
        self.ready_timeout_s = ready_timeout_s
        self.gate = gate
        self._deferred: set[str] = set()  # units already reported as waiting for memory
        self._warming: set[WorkerKey] | None = None
        self.clock = clock
        self.context = context or multiprocessing.get_context("spawn")
        self.pending: deque[WorkUnit] = deque()
        self.workers: list[_Worker] = []
        self.counters = PoolStats()
        self._events: list[PoolEvent] = []
        self._closing = False

    # -- Executor -------------------------------------------------------------
    def submit(self, unit: WorkUnit) -> None:
        self.pending.append(unit)

    def cancel(self, unit_id: str) -> None:
        for unit in list(self.pending):
            if unit.id == unit_id:
                self.pending.remove(unit)
                self._events.append(UnitCancelled(unit_id))
                return
        for worker in self.workers:
            if worker.unit is not None and worker.unit.id == unit_id:
                worker.unit = None
                self._kill(worker)
                self._events.append(UnitCancelled(unit_id))
                return
            if worker.next is not None and worker.next.id == unit_id:
                worker.discard.add(unit_id)  # already in the worker's pipe: let it run, drop its result
                self._events.append(UnitCancelled(unit_id))
                return

    def poll(self, timeout: float) -> list[PoolEvent]:
        self._dispatch()
        waitables: list[Any] = []
        for worker in self.workers:
            waitables += [worker.conn, worker.process.sentinel]
        if waitables and not self._events:
            wait(waitables, timeout=max(0.0, min(timeout, self._until_next_deadline())))
        elif not self._events and timeout > 0:
            time.sleep(min(timeout, 0.05))
        self._collect()
        self._enforce_deadlines()
        self._shed_if_critical()
        self._retire_idle()
        self._dispatch()
        events, self._events = self._events, []
        return events

    def shutdown(self, grace_s: float) -> list[str]:
        """Stop dispatching; let busy workers finish within `grace_s`; stop everything."""
        self._closing = True
        unfinished = [u.id for u in self.pending]
        self.pending.clear()
        deadline = self.clock() + grace_s
        while any(w.unit for w in self.workers) and self.clock() < deadline:
            waitables: list[Any] = [x for w in self.workers for x in (w.conn, w.process.sentinel)]
            wait(waitables, timeout=max(0.0, deadline - self.clock()))
            self._collect()
        for worker in list(self.workers):
            for unit in (worker.unit, worker.next):
                if unit is not None and unit.id not in worker.discard:
                    unfinished.append(unit.id)
            worker.unit = worker.next = None
            self._stop(worker)
        for worker in list(self.workers):
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=5)
            self._forget(worker)
        return unfinished

    def stats(self) -> PoolStats:
        live = [w for w in self.workers if not w.stopping]
        self.counters.live_workers = len(live)
        self.counters.busy_workers = sum(1 for w in live if w.unit is not None)
        self.counters.live_worker_keys = sorted({str(w.key) for w in live})
        self.counters.loaded_keys = sorted({str(w.key) for w in live if w.ready})
        self.counters.job_slots_available = max(0, self.max_workers - self.counters.busy_workers)
        self.counters.pending_units = len(self.pending)
        if self._warming is None:
            self.counters.warmup_status = "not_started"
        elif any(w.key in self._warming and not w.ready for w in live):
            self.counters.warmup_status = "in_progress"
        else:
            self.counters.warmup_status = "complete"
        return self.counters

    # -- internals --------------------------------------------------------------
    def _spawn(self, key: WorkerKey) -> None:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=worker_main, args=(self.registry, key, child), name=f"hotfolder-worker[{key}]", daemon=True)
        process.start()
        child.close()
        self.workers.append(_Worker(key, process, parent, started_at=self.clock()))
        self.counters.worker_starts += 1
        log.info("worker %s started for %s", process.pid, key)

    def warm(self, keys: list[WorkerKey]) -> None:
        """Start one worker per key ahead of work, as memory and max_workers allow."""
        self._warming = set(keys)
        for key in keys:
            if len(self.workers) < self.max_workers and not any(w.key == key for w in self.workers):
                if self.gate is None or self.gate.may_start_worker(key.command, self.live_workers()):
                    self._spawn(key)

    def live_workers(self) -> list[LiveWorker]:
        return [LiveWorker(w.process.pid or 0, w.key.command) for w in self.workers if w.process.pid]

    def _defer(self, unit: WorkUnit, reason: str) -> None:
        if unit.id not in self._deferred:
            self._deferred.add(unit.id)
            self._events.append(UnitDeferred(unit.id, reason))

    def _dispatch(self) -> None:
        if self._closing:
            return
        self._start_pending()
        self._prefetch()

    def _start_pending(self) -> None:
        for unit in list(self.pending):
            idle = next((w for w in self.workers if w.key == unit.key and w.ready and w.unit is None and not w.stopping), None)
            if idle is not None:
                if self.gate is not None and not self.gate.may_start_file(self.live_workers()):
                    self._defer(unit, "host memory is at its reserve")
                    continue
                self.pending.remove(unit)
                self._assign(idle, unit)
                continue
            starting = sum(1 for w in self.workers if w.key == unit.key and not w.ready and not w.stopping)
            waiting = sum(1 for u in self.pending if u.key == unit.key)
            if starting >= waiting:
                continue  # a worker for this key is already on its way
            # A stopping worker still holds its memory: it counts until it has exited.
            if len(self.workers) >= self.max_workers:
                other = next((w for w in self.workers if w.ready and w.unit is None and not w.stopping and w.key != unit.key), None)
                if other is not None:
                    self._stop(other)  # make room: a warm worker nobody needs now
                continue
            if self.gate is not None and not self.gate.may_start_worker(unit.key.command, self.live_workers()):
                if not any(w.key == unit.key for w in self.workers):
                    self._defer(unit, f"a {unit.key.command} worker needs {self.gate.budget(unit.key.command):.0f} MB beyond the reserve")
                continue
            self._spawn(unit.key)

    def _prefetch(self) -> None:
        """Queue one more unit on each busy worker of its key, so it starts the moment the current one ends."""
        for unit in list(self.pending):
            busy = next((w for w in self.workers if w.key == unit.key and w.unit is not None and w.next is None and not w.stopping), None)
            if busy is None or (self.gate is not None and not self.gate.may_start_file(self.live_workers())):
                continue
            try:
                busy.conn.send(("unit", unit))
            except (BrokenPipeError, OSError):
                continue
            self.pending.remove(unit)
            busy.next = unit

    def _shed_if_critical(self) -> None:
        """Memory critical for too long: stop the newest busy worker; its files go back in the queue."""
        if self.gate is None or not self.gate.should_shed(self.clock()):
            return
        busy = [w for w in self.workers if w.unit is not None]
        if not busy:
            return
        newest = max(busy, key=lambda w: w.started_at)
        unit = newest.unit
        assert unit is not None
        newest.unit = None
        self._kill(newest)
        log.warning("memory critical: stopped worker %s (%s); its files are requeued", newest.process.pid, newest.key)
        self._events.append(UnitFailed(unit.id, FailureCategory.MEMORY_PRESSURE, "stopped to relieve host memory pressure; requeued"))

    def _assign(self, worker: _Worker, unit: WorkUnit) -> None:
        worker.unit = unit
        worker.deadline = self.clock() + unit.timeout_s
        try:
            worker.conn.send(("unit", unit))
        except (BrokenPipeError, OSError):
            return  # the sentinel reports the death as a crash of this unit
        self._deferred.discard(unit.id)
        self._events.append(UnitStarted(unit.id, worker.process.pid or 0))

    def _collect(self) -> None:
        for worker in list(self.workers):
            while self._readable(worker):
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    break
                self._on_message(worker, message)
            if not worker.process.is_alive():
                worker.process.join(timeout=1)
                self._on_exit(worker)

    @staticmethod
    def _readable(worker: _Worker) -> bool:
        try:
            return worker.conn.poll(0)
        except (EOFError, OSError):
            return False

    def _on_message(self, worker: _Worker, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind == "ready":
            worker.ready, worker.idle_since, worker.peak_rss_mb = True, self.clock(), message[1]
        elif kind == "load_error":
            self._fail_key(worker.key, FailureCategory.PROVIDER_TERMINAL, f"{worker.key.command} engine did not load: {message[1]}")
            worker.stopping = True
        elif kind == "result":
            _, unit_id, outcomes, peak, tracebacks = message
            worker.peak_rss_mb = peak
            if worker.unit is not None and worker.unit.id == unit_id:
                if self.gate is not None and peak:
                    self.gate.learn(worker.key.command, peak)
                if unit_id not in worker.discard:
                    self._events.append(UnitFinished(unit_id, outcomes, peak, tracebacks))
                worker.discard.discard(unit_id)
            worker.unit, worker.deadline, worker.idle_since = None, None, self.clock()
            if worker.next is not None and not self._closing:
                self._promote(worker)

    def _promote(self, worker: _Worker) -> None:
        """The prefetched unit is now running in the worker."""
        unit, worker.next = worker.next, None
        assert unit is not None
        worker.unit = unit
        worker.deadline = self.clock() + unit.timeout_s
        if unit.id not in worker.discard:
            self._deferred.discard(unit.id)
            self._events.append(UnitStarted(unit.id, worker.process.pid or 0))

    def _on_exit(self, worker: _Worker) -> None:
        self._forget(worker)
        if worker.stopping and worker.unit is None:
            return
        reason = describe_exit(worker.process.exitcode)
        if worker.unit is not None and worker.unit.id in worker.discard:
            return  # a cancelled unit: its cancellation was already reported
        if worker.unit is not None:
            self.counters.worker_crashes += 1
            log.warning("%s while processing unit %s (%s)", reason, worker.unit.id, worker.key)
            self._events.append(UnitFailed(worker.unit.id, FailureCategory.WORKER_CRASH, reason, {"exitcode": worker.process.exitcode}))
        elif not worker.ready:
            self.counters.worker_crashes += 1
            self._fail_key(worker.key, FailureCategory.WORKER_CRASH, f"{reason} while loading the {worker.key.command} engine")

    def _fail_key(self, key: WorkerKey, category: FailureCategory, message: str) -> None:
        for unit in [u for u in self.pending if u.key == key]:
            self.pending.remove(unit)
            self._events.append(UnitFailed(unit.id, category, message))

    def _enforce_deadlines(self) -> None:
        now = self.clock()
        for worker in list(self.workers):
            if worker.unit is not None and worker.deadline is not None and now >= worker.deadline:
                unit = worker.unit
                worker.unit = None
                self.counters.worker_timeouts += 1
                self._kill(worker)
                if unit.id in worker.discard:
                    continue
                message = f"no result after {unit.timeout_s:g} s; worker {worker.process.pid} killed"
                self._events.append(UnitFailed(unit.id, FailureCategory.WORKER_TIMEOUT, message))
            elif not worker.ready and not worker.stopping and now - worker.started_at > self.ready_timeout_s:
                self._kill(worker)
                self._fail_key(worker.key, FailureCategory.WORKER_TIMEOUT, f"{worker.key.command} engine did not load in {self.ready_timeout_s:g} s")

    def _retire_idle(self) -> None:
        now = self.clock()
        for worker in self.workers:
            if worker.ready and worker.unit is None and not worker.stopping and now - worker.idle_since >= self.worker_idle_s:
                log.info("worker %s for %s idle for %.0f s, released", worker.process.pid, worker.key, now - worker.idle_since)
                self._stop(worker)

    def _until_next_deadline(self) -> float:
        now = self.clock()
        deadlines = [w.deadline - now for w in self.workers if w.deadline is not None]
        deadlines += [w.idle_since + self.worker_idle_s - now for w in self.workers if w.ready and w.unit is None]
        return max(0.0, min(deadlines, default=3600.0))

    def _stop(self, worker: _Worker) -> None:
        worker.stopping = True
        try:
            worker.conn.send(("stop",))
        except (BrokenPipeError, OSError):
            pass

    def _kill(self, worker: _Worker) -> None:
        worker.stopping = True
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        if worker in self.workers:
            self.workers.remove(worker)
            worker.conn.close()
        if worker.next is not None:
            if worker.next.id not in worker.discard:
                self.pending.appendleft(worker.next)  # it never started: it goes first again, uncharged
            worker.next = None
