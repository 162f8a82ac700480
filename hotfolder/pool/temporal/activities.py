"""The activity a worker machine runs: one work unit through its local pool, heartbeating all along.

Heartbeats (one per `heartbeat_s`) carry Temporal's cancellation back: a cancelled unit's engine
process is killed at once (the local pool's cancel). A unit the machine's memory gate holds back longer than
`defer_handoff_s` is handed back to Temporal (`MemoryDeferred`) for another machine.
"""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path
from typing import Any

from temporalio import activity
from temporalio.exceptions import ApplicationError

from hotfolder.pool.temporal.hostpool import HostPool
from hotfolder.pool.temporal.payload import PayloadError, event_out, unit_from
from hotfolder.pool.temporal.queues import ACTIVITY
from hotfolder.pool.temporal.workflow import MEMORY_DEFERRED
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitStarted

log = logging.getLogger("hotfolder.worker")


class UnitActivity:
    def __init__(self, host: HostPool, root: Path, identity: str, *, heartbeat_s: float, defer_handoff_s: float) -> None:
        self.host, self.root, self.identity = host, root, identity
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
        log.info("unit %s (%s, %d file(s)) started, attempt %s", unit.id, unit.key, len(unit.tasks), attempt)
        events = self.host.run(unit)
        self.busy.add(unit.id)
        deferred_since: float | None = None
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
                    deferred_since = None
                elif isinstance(event, (UnitFinished, UnitFailed)):
                    result = event_out(event, self.root, unit.id, attempt)
                    return {"token": payload.get("token", ""), "attempt": attempt, "host": self.identity, "event": result}
                elif isinstance(event, UnitCancelled):
                    raise ApplicationError("cancelled on the worker machine", type="Cancelled", non_retryable=True)
                if deferred_since is not None and time.monotonic() - deferred_since >= self.defer_handoff_s:
                    self.host.cancel(unit.id)
                    raise ApplicationError(f"memory gate on {self.identity} held the unit {self.defer_handoff_s:g} s", type=MEMORY_DEFERRED)
        except asyncio.CancelledError:
            log.info("unit %s cancelled through Temporal: stopping its engine", unit.id)
            self.host.cancel(unit.id)
            raise
        finally:
            self.busy.discard(unit.id)
