"""A worker machine's local pool, driven from Temporal's asyncio activities.

The `LocalPool` (the same worker processes, supervision and memory gate as on the lab server)
is not thread-safe, so one thread owns it: activities hand it units and cancels through a
queue, and get the unit's events back on an asyncio queue.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from dataclasses import dataclass, field

from hotfolder.pool.gate import LiveWorker
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitFailed, UnitFinished, WorkUnit

log = logging.getLogger("hotfolder.worker")
TERMINAL = (UnitFinished, UnitFailed, UnitCancelled)


@dataclass(frozen=True)
class Snapshot:
    """What the slot supplier reads between polls: no lock on the pool needed."""

    live: tuple[LiveWorker, ...] = ()
    warm_commands: frozenset[str] = frozenset()  # a loaded worker idle for this command: a file needs no new budget
    busy: int = 0
    units_done: int = 0


@dataclass
class _Request:
    unit: WorkUnit | None = None
    cancel: str | None = None
    sink: asyncio.Queue[PoolEvent] | None = field(default=None, repr=False)


class HostPool:
    def __init__(self, pool: LocalPool, loop: asyncio.AbstractEventLoop, poll_s: float = 0.05) -> None:
        self.pool, self.loop, self.poll_s = pool, loop, poll_s
        self.snapshot = Snapshot()
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self._sinks: dict[str, asyncio.Queue[PoolEvent]] = {}
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hotfolder-hostpool", daemon=True)
        self._done = 0

    def start(self) -> None:
        self._thread.start()

    def run(self, unit: WorkUnit) -> asyncio.Queue[PoolEvent]:
        """Submit `unit`; its events (started, deferred, then one terminal event) arrive on the queue returned."""
        sink: asyncio.Queue[PoolEvent] = asyncio.Queue()
        self._requests.put(_Request(unit=unit, sink=sink))
        return sink

    def cancel(self, unit_id: str) -> None:
        self._requests.put(_Request(cancel=unit_id))

    def shutdown(self, grace_s: float) -> None:
        self._stopping.set()
        self._thread.join(timeout=grace_s + 10)
        self.pool.shutdown(grace_s=0)

    # -- the owning thread -------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping.is_set():
            self._take_requests()
            try:
                events = self.pool.poll(self.poll_s)
            except Exception:  # a pool bug must not silently stop every unit on this machine
                log.exception("local pool poll failed")
                continue
            for event in events:
                self._route(event)
            self._publish()

    def _take_requests(self) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request.unit is not None and request.sink is not None:
                self._sinks[request.unit.id] = request.sink
                self.pool.submit(request.unit)
            elif request.cancel is not None and request.cancel in self._sinks:
                self.pool.cancel(request.cancel)

    def _route(self, event: PoolEvent) -> None:
        sink = self._sinks.get(event.unit_id)
        if sink is None:
            return
        if isinstance(event, TERMINAL):
            del self._sinks[event.unit_id]
            self._done += not isinstance(event, UnitCancelled)  # a handed-back or cancelled unit was not done here
        self.loop.call_soon_threadsafe(sink.put_nowait, event)

    def _publish(self) -> None:
        workers = list(self.pool.workers)
        warm = frozenset(w.key.command for w in workers if w.ready and w.unit is None)
        self.snapshot = Snapshot(tuple(self.pool.live_workers()), warm, sum(1 for w in workers if w.unit is not None), self._done)
