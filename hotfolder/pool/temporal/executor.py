"""`TemporalExecutor`: the lab server's `Executor` whose units run on worker machines through Temporal.

The ledger stays the one source of truth: Temporal only runs units. Each unit is one workflow
(id: prefix-node-unit), started at a paced rate and never more than `max_in_flight` at once (an
unbounded burst of starts overloaded a SQLite dev server). Inputs go out and outputs come back
through `shared_staging`; the daemon writes the outputs, atomically, as for the local pool.
A result is applied only if its attempt token is the current one (fencing.py). A unit's files
open their attempts when its engine starts on a worker machine, with that engine's pid, and its
progress reaches the ledger as the local pool's does: both read from the unit's run file.

The Temporal client is asyncio; the daemon is not. A thread runs the event loop; `poll` reads
the events it produces from a thread-safe queue.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from temporalio.client import Client, WorkflowFailureError, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.service import RPCError

from hotfolder.config.temporal import TemporalSettings
from hotfolder.errors import FailureCategory
from hotfolder.pool.executor import PoolStats
from hotfolder.pool.gate import LiveWorker
from hotfolder.pool.temporal.fencing import Fence, Verdict
from hotfolder.pool.temporal.hosts import HostReport, is_live, read_reports
from hotfolder.pool.temporal.payload import PayloadError, discard_unit, event_in, stage_unit
from hotfolder.pool.temporal.queues import WORKFLOW, control_queue, queue_for, workflow_id
from hotfolder.pool.temporal.runfile import READ_S, RunReport, read_run
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitFailed, UnitProgressed, UnitStarted, WorkerKey, WorkUnit

log = logging.getLogger("hotfolder.temporal")
RETRY_S = (0.2, 0.5, 1.0, 2.0, 5.0)  # a control plane that is down: try again, never give the unit up


@dataclass
class _Flight:
    unit: WorkUnit
    token: str
    payload: dict[str, Any]
    handle: WorkflowHandle[Any, Any] | None = None
    started: bool = False
    engine_seen: bool = False  # UnitStarted sent, with the engine's pid: once, whichever machine runs it
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)  # the engine's progress last forwarded


class TemporalExecutor:
    def __init__(
        self,
        settings: TemporalSettings,
        *,
        node_id: str,
        memory_mb: Callable[[str], float],
        file_timeout_s: float | None = None,
    ) -> None:
        self.settings, self.node_id, self.memory_mb = settings, node_id, memory_mb
        self.root = settings.shared_staging
        self.root.mkdir(parents=True, exist_ok=True)
        self.fence = Fence()
        self.counters = PoolStats(warmup_status="not_started")
        self._lock = threading.Lock()
        self._events: queue.SimpleQueue[PoolEvent] = queue.SimpleQueue()
        self._pending: deque[WorkUnit] = deque()
        self._flights: dict[str, _Flight] = {}
        self._closing = False
        self._hosts: list[HostReport] = []
        self._hosts_read_at = 0.0
        self.connected = False
        self.last_error: str | None = None
        self._loop = asyncio.new_event_loop()
        self._wake = asyncio.Event()
        self._thread = threading.Thread(target=self._loop.run_forever, name="hotfolder-temporal", daemon=True)
        self._thread.start()
        self._client: Client | None = None
        self._tasks: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to its tasks
        self._call(self._dispatch_forever())
        self._call(self._follow_forever())

    # -- Executor -------------------------------------------------------------
    def submit(self, unit: WorkUnit) -> None:
        with self._lock:
            self._pending.append(unit)
        self._loop.call_soon_threadsafe(self._wake.set)

    def poll(self, timeout: float) -> list[PoolEvent]:
        events: list[PoolEvent] = []
        try:
            events.append(self._events.get(timeout=max(0.0, timeout)) if timeout > 0 else self._events.get_nowait())
        except queue.Empty:
            return events
        while True:
            try:
                events.append(self._events.get_nowait())
            except queue.Empty:
                return events

    def cancel(self, unit_id: str) -> None:
        with self._lock:
            queued = next((u for u in self._pending if u.id == unit_id), None)
            if queued is not None:
                self._pending.remove(queued)
            flight = self._flights.pop(unit_id, None)
        if queued is None and flight is None:
            return
        self.fence.withdraw(unit_id)
        self._events.put(UnitCancelled(unit_id))
        if flight is not None:
            self._call(self._cancel_remote(flight))

    def shutdown(self, grace_s: float) -> list[str]:
        """Units still running after `grace_s` are cancelled on their worker machines and handed back."""
        if self._loop.is_closed():
            return []  # already shut down
        with self._lock:
            self._closing = True
            unfinished = [u.id for u in self._pending]
            self._pending.clear()
        deadline = time.monotonic() + grace_s
        while self._flights and time.monotonic() < deadline:
            time.sleep(0.05)
        with self._lock:
            left, self._flights = list(self._flights.values()), {}
        for flight in left:
            self.fence.withdraw(flight.unit.id)
            unfinished.append(flight.unit.id)
        if left:
            cancels = [self._call(self._cancel_remote(f)) for f in left]
            concurrent.futures.wait(cancels, timeout=5)
        try:
            self._call(self._close()).result(timeout=10)
        except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
            log.warning("the Temporal client's tasks did not stop within 10 s")
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        if not self._thread.is_alive():
            self._loop.close()
        return unfinished

    async def _close(self) -> None:
        """Stop every task of ours on the loop, so the loop closes clean."""
        current = asyncio.current_task()
        tasks = [t for t in asyncio.all_tasks() if t is not current]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5)

    def warm(self, keys: list[WorkerKey]) -> None:
        """Engines load on the worker machines, which keep them warm themselves."""
        self.counters.warmup_status = "complete"

    def live_workers(self) -> list[LiveWorker]:
        return []  # no engine process on this host: the lab server's memory gate has nothing to account for

    def stats(self) -> PoolStats:
        hosts = [h for h in self.hosts() if is_live(h, time.time(), 3 * self.settings.heartbeat_timeout_s)]
        with self._lock:
            self.counters.busy_workers = len(self._flights)
            self.counters.pending_units = len(self._pending)
            self.counters.job_slots_available = max(0, self.settings.max_in_flight - len(self._flights))
        self.counters.live_workers = sum(h.max_workers for h in hosts)
        self.counters.live_worker_keys = sorted({q for h in hosts for q in h.queues})
        self.counters.loaded_keys = list(self.counters.live_worker_keys)
        return self.counters

    def hosts(self) -> list[HostReport]:
        """The worker machines that reported in the last hour (read at most once a second)."""
        now = time.monotonic()
        if now - self._hosts_read_at >= 1.0:
            self._hosts, self._hosts_read_at = read_reports(self.root), now
        return self._hosts

    def workflow_of(self, unit_id: str) -> dict[str, Any] | None:
        """batchalign3's TemporalWorkflowExecutionInfo of a unit in flight here."""
        with self._lock:
            flight = self._flights.get(unit_id)
        if flight is None:
            return None
        queue = queue_for(self.settings.task_queue_prefix, flight.unit.key, self.memory_mb(flight.unit.key.command))
        return {"workflow_id": workflow_id(self.settings.task_queue_prefix, self.node_id, unit_id), "task_queue": queue,
                "run_id": flight.handle.result_run_id if flight.handle is not None else None,
                "status": "running" if flight.started else "queued", "history_length": None, "describe_error": None}

    @property
    def duplicates_ignored(self) -> int:
        return self.fence.duplicates_ignored

    # -- the event loop's side ----------------------------------------------------
    def _call(self, coroutine: Coroutine[Any, Any, Any]) -> concurrent.futures.Future[Any]:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)

    async def _connect(self) -> Client:
        attempt = 0
        while self._client is None:
            try:
                self._client = await Client.connect(self.settings.address, namespace=self.settings.namespace)
                self.connected, self.last_error = True, None
            except RuntimeError as error:
                self.last_error = f"cannot reach Temporal at {self.settings.address}: {error}"
                log.warning("%s; retrying", self.last_error)
                await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
        return self._client

    def _next_unit(self) -> WorkUnit | None:
        with self._lock:
            if self._closing or not self._pending or len(self._flights) >= self.settings.max_in_flight:
                return None
            unit = self._pending.popleft()
            token = self.fence.issue(unit.id)
            self._flights[unit.id] = _Flight(unit, token, {})
            return unit

    async def _cancel_orphans(self, client: Client) -> None:
        """Workflows this lab server started before a restart: their units were requeued by the ledger, so stop them.

        Their results would be dropped anyway (unknown to the fence); cancelling frees the worker machines.
        """
        prefix = workflow_id(self.settings.task_queue_prefix, self.node_id, "")
        query = f'WorkflowId STARTS_WITH "{prefix}" AND ExecutionStatus = "Running"'
        try:
            orphans = [wf.id async for wf in client.list_workflows(query) if wf.id[len(prefix):] not in self._flights]
            for wid in orphans:
                await client.get_workflow_handle(wid).cancel()
        except RPCError as error:
            log.warning("could not look for units of a previous run to cancel: %s", error)
            return
        if orphans:
            log.info("cancelled %d unit workflow(s) left running by a previous run of this lab server", len(orphans))

    async def _dispatch_forever(self) -> None:
        client = await self._connect()
        await self._cancel_orphans(client)
        interval = 1.0 / self.settings.starts_per_s
        while not self._closing:  # a flag, not only cancellation: 3.11's wait_for can swallow a cancel that races its timeout
            unit = self._next_unit()
            if unit is None:
                self._wake.clear()
                waiter = asyncio.ensure_future(self._wake.wait())
                await asyncio.wait({waiter}, timeout=0.1)  # woken by a submit, or a slot freed
                waiter.cancel()
                continue
            task = asyncio.get_running_loop().create_task(self._run(client, unit))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            await asyncio.sleep(interval)

    async def _run(self, client: Client, unit: WorkUnit) -> None:
        flight = self._flights.get(unit.id)
        if flight is None:
            return  # cancelled between dispatch and now
        try:
            flight.payload = await asyncio.to_thread(stage_unit, unit, self.root, flight.token)
        except OSError as error:
            self._finish(flight, UnitFailed(unit.id, FailureCategory.SYSTEM, f"cannot stage the unit under {self.root}: {error}"))
            return
        request = {"payload": flight.payload, "task_queue": queue_for(self.settings.task_queue_prefix, unit.key, self.memory_mb(unit.key.command)),
                   "timeout_s": unit.timeout_s, "heartbeat_timeout_s": self.settings.heartbeat_timeout_s,
                   "max_host_losses": self.settings.max_host_losses}
        wid = workflow_id(self.settings.task_queue_prefix, self.node_id, unit.id)
        attempt = 0
        while flight.handle is None:
            try:  # USE_EXISTING: a start the server took just before it died is not started twice
                flight.handle = await client.start_workflow(WORKFLOW, request, id=wid, task_queue=control_queue(self.settings.task_queue_prefix),
                                                            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING)
            except RPCError as error:
                self.last_error = f"starting unit {unit.id}: {error}"
                await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
            if unit.id not in self._flights:  # cancelled while starting
                if flight.handle is not None:
                    await self._cancel_remote(flight)
                return
        flight.started = True  # its files open their attempts once an engine runs them (_follow_forever)
        await self._watch(flight)

    async def _watch(self, flight: _Flight) -> None:
        """Wait for the workflow's result through any outage of the control plane; apply it if its attempt is current."""
        assert flight.handle is not None
        attempt = 0
        while True:
            try:
                result = await flight.handle.result()
                break
            except WorkflowFailureError as error:
                if flight.unit.id not in self._flights:
                    return  # we cancelled it
                self._finish(flight, UnitFailed(flight.unit.id, FailureCategory.SYSTEM, f"unit workflow failed: {error.cause or error}"))
                return
            except RPCError as error:
                self.last_error = f"waiting for unit {flight.unit.id}: {error}"
                await asyncio.sleep(RETRY_S[min(attempt, len(RETRY_S) - 1)])
                attempt += 1
        self.last_error = None
        self._deliver(flight.unit.id, result)

    def _deliver(self, unit_id: str, result: dict[str, Any]) -> Verdict:
        """Apply a worker's result once, and only for the current attempt; anything else is counted and dropped."""
        with self._lock:
            verdict = self.fence.offer(unit_id, str(result.get("token", "")))
            flight = self._flights.get(unit_id) if verdict == Verdict.APPLY else None
        if flight is None:
            log.info("unit %s: result ignored (%s attempt)", unit_id, verdict)
            return verdict
        try:
            event = event_in(result["event"], self.root, unit_id)
        except (PayloadError, KeyError) as error:
            event = UnitFailed(unit_id, FailureCategory.WORKER_PROTOCOL, str(error))
        if not flight.engine_seen:  # finished before a run file was read: the attempt opens with the result's pid
            flight.engine_seen = True
            self._events.put(UnitStarted(unit_id, int(result.get("pid") or 0)))
        if isinstance(event, UnitFailed):
            if event.category == FailureCategory.WORKER_CRASH:
                self.counters.worker_crashes += 1
            elif event.category == FailureCategory.WORKER_TIMEOUT:
                self.counters.worker_timeouts += 1
        self._finish(flight, event)
        return verdict

    async def _follow_forever(self) -> None:
        """Read the run files of the units in flight: the engine's start (its pid) and progress, for the ledger."""
        while not self._closing:
            await asyncio.sleep(READ_S)
            with self._lock:
                flights = [f for f in self._flights.values() if f.started]
            if flights:
                reports = await asyncio.to_thread(self._read_runs, flights)
                for flight, report in zip(flights, reports):
                    self._observe(flight, report)

    def _read_runs(self, flights: list[_Flight]) -> list[RunReport | None]:
        return [read_run(self.root, f.unit.id, f.token) for f in flights]

    def _observe(self, flight: _Flight, report: RunReport | None) -> None:
        if report is None or flight.unit.id not in self._flights:
            return
        if not flight.engine_seen:
            flight.engine_seen = True
            self._events.put(UnitStarted(flight.unit.id, report.pid))
        changed = {i: c for i, c in report.counts.items() if flight.counts.get(i) != c}
        if changed:
            flight.counts.update(changed)
            self._events.put(UnitProgressed(flight.unit.id, changed))

    def _finish(self, flight: _Flight, event: PoolEvent) -> None:
        with self._lock:
            self._flights.pop(flight.unit.id, None)
        self._events.put(event)
        discard_unit(self.root, flight.unit.id)
        self._loop.call_soon_threadsafe(self._wake.set)

    async def _cancel_remote(self, flight: _Flight) -> None:
        """Ask Temporal to cancel the unit's workflow: its activity's next heartbeat tells the worker to kill the engine."""
        for attempt in range(len(RETRY_S)):
            if flight.handle is None:
                return
            try:
                await flight.handle.cancel()
                break
            except RPCError as error:
                log.warning("cancelling unit %s: %s", flight.unit.id, error)
                await asyncio.sleep(RETRY_S[attempt])
        discard_unit(self.root, flight.unit.id)
