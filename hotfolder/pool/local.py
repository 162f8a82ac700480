"""The local process pool: warm workers keyed by (command, lang, options), supervised."""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.context import SpawnContext
from typing import Any

from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory
from hotfolder.pool.budgets import budget_key
from hotfolder.pool.executor import PoolStats, worker_counts
from hotfolder.pool.gate import LiveWorker, MemoryGate
from hotfolder.pool.handle import WorkerHandle as _Worker
from hotfolder.pool.handle import describe_exit
from hotfolder.pool.liveness import Alive, Hung, may_prefetch, recycle_due, timeout_message
from hotfolder.pool.messages import FileEnded, FileProgress, FilesStarted, FromWorker, LoadError, Ready, RunUnit, Stop, UnitResult
from hotfolder.pool.states import Why, WorkerState
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitStarted, WorkerKey, WorkUnit
from hotfolder.pool.worker import worker_main

log = logging.getLogger("hotfolder.pool")


class LocalPool:
    """An `Executor` of spawned processes; each loads its engine once and serves many units."""

    def __init__(
        self,
        registry: Registry,
        *,
        max_workers: int,
        worker_idle_s: float = 300.0,
        ready_timeout_s: float = 300.0,
        heartbeat_s: float = 5.0,
        heartbeat_timeout_s: float = 30.0,
        worker_max_units: int = 200,
        gate: MemoryGate | None = None,
        clock: Callable[[], float] = time.monotonic,
        context: SpawnContext | None = None,
    ) -> None:
        self.registry = registry
        self.max_workers = max(1, max_workers)
        self.worker_idle_s = worker_idle_s
        self.ready_timeout_s = ready_timeout_s
        self.heartbeat_s, self.heartbeat_timeout_s = heartbeat_s, heartbeat_timeout_s
        self.worker_max_units = worker_max_units  # 0: never recycle
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
        self._deferred.discard(unit_id)  # submitted again later (a worker machine's handed-back unit), its wait is news again
        for unit in list(self.pending):
            if unit.id == unit_id:
                self.pending.remove(unit)
                self._events.append(UnitCancelled(unit_id))
                return
        for worker in self.workers:
            if worker.unit is not None and worker.unit.id == unit_id:
                worker.unit = None
                self._kill(worker, Why.CANCELLED)
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
            self._stop(worker, Why.SHUTDOWN)
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
        self.counters.worker_counts = worker_counts((str(w.key), w.unit is not None) for w in live)
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
        args = (self.registry, key, child, self.heartbeat_s)
        process = self.context.Process(target=worker_main, args=args, name=f"hotfolder-worker[{key}]", daemon=True)
        process.start()
        child.close()
        now = self.clock()
        self.workers.append(_Worker(key, process, parent, started_at=now, last_beat=now))
        self.counters.worker_starts += 1
        log.info("worker %s started for %s", process.pid, key)

    def warm(self, keys: list[WorkerKey]) -> None:
        """Start one worker per key ahead of work, as memory and max_workers allow."""
        self._warming = set(keys)
        for key in keys:
            room = len(self.workers) < self.max_workers and not any(w.key == key for w in self.workers)
            if room and (self.gate is None or self.gate.may_start_worker(budget_key(key), self.live_workers())):
                self._spawn(key)

    def live_workers(self) -> list[LiveWorker]:
        return [LiveWorker(w.process.pid or 0, budget_key(w.key)) for w in self.workers if w.process.pid]

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
                    self._stop(other, Why.MAKE_ROOM)  # make room: a warm worker nobody needs now
                continue
            if self.gate is not None and not self.gate.may_start_worker(budget_key(unit.key), self.live_workers()):
                if not any(w.key == unit.key for w in self.workers):
                    self._defer(unit, f"a {unit.key.command} worker needs {self.gate.budget(budget_key(unit.key)):.0f} MB beyond the reserve")
                continue
            self._spawn(unit.key)

    def _prefetch(self) -> None:
        """Queue one more unit on each busy worker of its key, so it starts the moment the current one ends.

        Not the units a worker now starting will take: a short file must not wait behind a
        long one in a busy worker while a second worker for it is on its way.
        """
        starting = Counter(w.key for w in self.workers if not w.ready and not w.stopping)
        for unit in list(self.pending):
            if starting[unit.key] > 0:
                starting[unit.key] -= 1
                continue
            busy = next((w for w in self.workers if w.key == unit.key and w.unit is not None and w.next is None and not w.stopping
                         and may_prefetch(w.units_run, self.worker_max_units)), None)
            if busy is None or (self.gate is not None and not self.gate.may_start_file(self.live_workers())):
                continue
            try:
                busy.conn.send(RunUnit(unit))
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
        progress = newest.progress
        assert progress is not None
        newest.unit = None
        self._kill(newest, Why.SHED)
        log.warning("memory critical: stopped worker %s (%s); its files are requeued", newest.process.pid, newest.key)
        self._events.append(progress.failed(FailureCategory.MEMORY_PRESSURE, "stopped to relieve host memory pressure; requeued"))

    def _assign(self, worker: _Worker, unit: WorkUnit) -> None:
        worker.begin(unit, self.clock())
        try:
            worker.conn.send(RunUnit(unit))
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

    def _on_message(self, worker: _Worker, message: FromWorker) -> None:
        worker.last_beat = self.clock()  # every message proves the worker alive, not only beats
        if isinstance(message, (FilesStarted, FileEnded, FileProgress)):
            if worker.progress is not None and worker.progress.unit.id == message.unit_id:
                self._events.extend(worker.progress.on_report(message, self.clock()))
        elif isinstance(message, Ready):
            worker.to(Why.LOADED)
            worker.idle_since, worker.peak_rss_mb = self.clock(), message.peak_rss_mb
        elif isinstance(message, LoadError):
            self._fail_key(worker.key, FailureCategory.PROVIDER_TERMINAL, f"{worker.key.command} engine did not load: {message.message}")
            worker.to(Why.LOAD_FAILED)
        elif isinstance(message, UnitResult):
            self._on_result(worker, message)

    def _on_result(self, worker: _Worker, message: UnitResult) -> None:
        unit_id, peak = message.unit_id, message.peak_rss_mb
        worker.peak_rss_mb = peak
        if worker.unit is not None and worker.unit.id == unit_id and worker.progress is not None:
            if self.gate is not None and peak:
                self.gate.learn(budget_key(worker.key), peak)
            if unit_id not in worker.discard:
                self._events.append(worker.progress.finished(message.rest, peak, message.tracebacks))
            worker.discard.discard(unit_id)
        if worker.state == WorkerState.BUSY:  # else a late result of a unit it no longer runs for us
            worker.to(Why.UNIT_ENDED)
        worker.unit, worker.progress, worker.idle_since = None, None, self.clock()
        if worker.next is not None and not self._closing and worker.state == WorkerState.IDLE:
            self._promote(worker)
        elif recycle_due(worker.units_run, self.worker_max_units):
            self.counters.worker_recycles += 1
            log.info("worker %s for %s recycled after %d units", worker.process.pid, worker.key, worker.units_run)
            self._stop(worker, Why.RECYCLED)

    def _promote(self, worker: _Worker) -> None:
        """The prefetched unit is now running in the worker."""
        unit, worker.next = worker.next, None
        assert unit is not None
        worker.begin(unit, self.clock())
        if unit.id not in worker.discard:
            self._deferred.discard(unit.id)
            self._events.append(UnitStarted(unit.id, worker.process.pid or 0))

    def _on_exit(self, worker: _Worker) -> None:
        was = worker.state
        self._forget(worker)
        if was == WorkerState.STOPPING and worker.unit is None:
            return
        reason = describe_exit(worker.process.exitcode)
        if worker.unit is not None and worker.unit.id in worker.discard:
            return  # a cancelled unit: its cancellation was already reported
        if worker.unit is not None and worker.progress is not None:
            self.counters.worker_crashes += 1
            log.warning("%s while processing unit %s (%s)", reason, worker.unit.id, worker.key)
            self._events.append(worker.progress.failed(FailureCategory.WORKER_CRASH, reason, {"exitcode": worker.process.exitcode}))
        elif was == WorkerState.STARTING:
            self.counters.worker_crashes += 1
            self._fail_key(worker.key, FailureCategory.WORKER_CRASH, f"{reason} while loading the {worker.key.command} engine")

    def _fail_key(self, key: WorkerKey, category: FailureCategory, message: str) -> None:
        for unit in [u for u in self.pending if u.key == key]:
            self.pending.remove(unit)
            self._events.append(UnitFailed(unit.id, category, message))

    def _enforce_deadlines(self) -> None:
        now = self.clock()
        for worker in list(self.workers):
            if worker.stopping:
                if worker.stop_sent_at is not None and now - worker.stop_sent_at > self.heartbeat_timeout_s:
                    log.warning("worker %s for %s did not stop when asked; killed", worker.process.pid, worker.key)
                    self._kill(worker, Why.STOP_IGNORED)
            elif not worker.ready:
                if now - worker.started_at > self.ready_timeout_s:
                    self._kill(worker, Why.LOAD_TIMEOUT)
                    self._fail_key(worker.key, FailureCategory.WORKER_TIMEOUT, f"{worker.key.command} engine did not load in {self.ready_timeout_s:g} s")
            else:
                self._judge(worker, now)

    def _judge(self, worker: _Worker, now: float) -> None:
        """Kill a hung worker or one whose file is overdue; only the files in hand are charged."""
        verdict = worker.verdict(now, self.heartbeat_timeout_s)
        if isinstance(verdict, Alive):
            return
        progress, pid = worker.progress, worker.process.pid or 0
        self.counters.worker_timeouts += 1
        worker.unit = None
        self._kill(worker, Why.HUNG if isinstance(verdict, Hung) else Why.OVERDUE)
        names = progress.in_hand_names() if progress is not None else ""
        message = timeout_message(verdict, pid, names)
        log.warning("%s (%s)", message, worker.key)
        if progress is not None and progress.unit.id not in worker.discard:
            detail = {"worker_pid": pid, "files_in_hand": names, "hung": isinstance(verdict, Hung)}
            self._events.append(progress.failed(FailureCategory.WORKER_TIMEOUT, message, detail))

    def _retire_idle(self) -> None:
        now = self.clock()
        for worker in self.workers:
            if worker.ready and worker.unit is None and not worker.stopping and now - worker.idle_since >= self.worker_idle_s:
                log.info("worker %s for %s idle for %.0f s, released", worker.process.pid, worker.key, now - worker.idle_since)
                self._stop(worker, Why.IDLE_TOO_LONG)

    def _until_next_deadline(self) -> float:
        now = self.clock()
        deadlines = [w.next_check(self.heartbeat_timeout_s) - now for w in self.workers if w.ready and not w.stopping]
        deadlines += [w.idle_since + self.worker_idle_s - now for w in self.workers if w.ready and w.unit is None]
        return max(0.0, min(deadlines, default=3600.0))

    def _stop(self, worker: _Worker, why: Why) -> None:
        worker.to(why)
        worker.stop_sent_at = self.clock()
        try:
            worker.conn.send(Stop())
        except (BrokenPipeError, OSError):
            pass

    def _kill(self, worker: _Worker, why: Why) -> None:
        worker.to(why)
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        self._forget(worker)

    def _forget(self, worker: _Worker) -> None:
        if worker in self.workers:
            worker.to(Why.EXITED)
            self.workers.remove(worker)
            worker.conn.close()
        if worker.next is not None:
            if worker.next.id not in worker.discard:
                self.pending.appendleft(worker.next)  # it never started: it goes first again, uncharged
            worker.next = None
