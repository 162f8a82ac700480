"""The activity a worker machine runs: one work unit through its local pool, heartbeating all along.

Heartbeats (one per `heartbeat_s`) carry Temporal's cancellation back: a cancelled unit's engine
process is killed at once (the local pool's cancel). The engine's pid and progress go to the lab server through
the unit's run file (runfile.py), the pid again in the result. A unit the machine's memory gate holds back longer than
`defer_handoff_s` is handed back to Temporal (`MemoryDeferred`) for another machine; one that
arrives while the gate has no room at all goes back at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from hotfolder.pool.temporal.hostpool import HostPool
from hotfolder.pool.temporal.payload import PayloadError, event_out, unit_from
from hotfolder.pool.temporal.queues import ACTIVITY
from hotfolder.pool.temporal.runfile import WRITE_S, RunReport, write_run
from hotfolder.pool.temporal.workflow import MEMORY_DEFERRED
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitProgressed, UnitStarted

log = logging.getLogger("hotfolder.worker")


class UnitActivity:
    def __init__(self, host: HostPool, root: Path, identity: str, *, heartbeat_s: float, defer_handoff_s: float,
                 room_for: Callable[[str], bool] = lambda command: True) -> None:
        self.host, self.root, self.identity, self.room_for = host, root, identity, room_for
        self.heartbeat_s, self.defer_handoff_s = heartbeat_s, defer_handoff_s
        self.busy: set[str] = set()

    @activity.defn(name=ACTIVITY)
    async def run_unit(self, payload: dict[str, Any]) -> dict[str, Any]:
        info = activity.info()
        attempt = f"{payload.get('token', '')}-{info.activity_id}-{info.attempt}"
        try:
            unit = unit_from(payload, self.root)
        except PayloadError as error:
            raise ApplicationError(str(error), type="PayloadError", non_retryable=True) from None
        if not self.room_for(unit.key.command):
            # Core reserves a slot before it polls: a unit may arrive on a slot granted while memory was free.
            log.info("unit %s handed back at once: the memory gate on %s has no room now", unit.id, self.identity)
            raise ApplicationError(f"memory gate on {self.identity} has no room for the unit", type=MEMORY_DEFERRED)
        log.info("unit %s (%s, %d file(s)) started, attempt %s", unit.id, unit.key, len(unit.tasks), attempt)
        events = self.host.run(unit)
        self.busy.add(unit.id)
        deferred_since: float | None = None
        run, written_at, dirty = RunReport(self.identity, 0), 0.0, False  # what the lab server reads of this run (runfile.py)
        # The first beat one interval in, not at once: a unit shorter than that costs the control plane no heartbeat write.
        beat_at = time.monotonic()
        try:
            while True:
                event: PoolEvent | None
                try:
                    event = await asyncio.wait_for(events.get(), timeout=max(0.0, beat_at + self.heartbeat_s - time.monotonic()))
                except TimeoutError:
                    event = None
                if time.monotonic() - beat_at >= self.heartbeat_s:
                    activity.heartbeat({"host": self.identity, "deferred": deferred_since is not None})
                    beat_at = time.monotonic()
                if isinstance(event, UnitDeferred):
                    deferred_since = deferred_since or time.monotonic()
                elif isinstance(event, UnitStarted):
                    deferred_since, run, written_at, dirty = None, RunReport(self.identity, event.worker_pid), 0.0, True
                elif isinstance(event, UnitProgressed):
                    run, dirty = RunReport(run.host, run.pid, {**run.counts, **event.counts}), True
                elif isinstance(event, (UnitFinished, UnitFailed)):
                    result = event_out(event, self.root, unit.id, attempt)
                    return {"token": payload.get("token", ""), "attempt": attempt, "host": self.identity, "pid": run.pid, "event": result}
                elif isinstance(event, UnitCancelled):
                    raise ApplicationError("cancelled on the worker machine", type="Cancelled", non_retryable=True)
                if dirty and run.pid and time.monotonic() - written_at >= WRITE_S:
                    await asyncio.to_thread(write_run, self.root, unit.id, attempt, run)
                    written_at, dirty = time.monotonic(), False
                if deferred_since is not None and time.monotonic() - deferred_since >= self.defer_handoff_s:
                    self.host.cancel(unit.id)
                    raise ApplicationError(f"memory gate on {self.identity} held the unit {self.defer_handoff_s:g} s", type=MEMORY_DEFERRED)
        except asyncio.CancelledError:
            log.info("unit %s cancelled through Temporal: stopping its engine", unit.id)
            self.host.cancel(unit.id)
            raise
        finally:
            self.busy.discard(unit.id)
