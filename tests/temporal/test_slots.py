"""The slot supplier: a poller waiting on full slots takes one the moment Temporal's core releases one."""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass
from typing import Any, cast

from temporalio.worker import SlotReleaseContext, SlotReserveContext

from hotfolder.pool.temporal.hostpool import Snapshot
from hotfolder.pool.temporal.slots import RECHECK_S, GateSlots


@dataclass
class _Source:
    snapshot: Snapshot


@dataclass(frozen=True)
class _Ctx:
    task_queue: str = "hf.test.eng.s"
    slot_type: str = "activity"


def test_a_slot_released_from_cores_thread_wakes_the_waiting_poller_at_once() -> None:
    slots = GateSlots(2, None, _Source(Snapshot()), "hf")
    ctx = cast(SlotReserveContext, _Ctx())

    async def run() -> tuple[float, Any]:
        await slots.reserve_slot(ctx)
        await slots.reserve_slot(ctx)
        assert slots.used == 2 and slots.try_reserve_slot(ctx) is None
        waiter = asyncio.ensure_future(slots.reserve_slot(ctx))
        await asyncio.sleep(0.3)
        assert not waiter.done(), "a third slot was given while both were in use"
        released_at = time.monotonic()
        threading.Thread(target=slots.release_slot, args=(cast(SlotReleaseContext, None),)).start()  # as core does: not on the loop
        permit = await asyncio.wait_for(waiter, 5)
        return time.monotonic() - released_at, permit

    waited, permit = asyncio.run(run())
    assert permit is not None and slots.used == 2
    assert waited < RECHECK_S / 2, f"the poller took {waited:.3f} s to see the freed slot"
