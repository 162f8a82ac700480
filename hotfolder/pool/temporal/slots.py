"""The memory gate as a Temporal slot supplier: a worker machine polls for a unit only when it can run it.

While the gate says no, this machine does not ask Temporal for work: the unit stays queued
there, for this machine later or another one now; nothing is taken and then dropped.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Protocol

from temporalio.worker import CustomSlotSupplier, SlotMarkUsedContext, SlotPermit, SlotReleaseContext, SlotReserveContext

from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.temporal.hostpool import Snapshot
from hotfolder.pool.temporal.queues import command_of

RECHECK_S = 0.5  # after the gate said no (it reads the host's memory); a freed slot wakes the poller at once


def admits(used: int, max_slots: int, command: str | None, snapshot: Snapshot, gate: MemoryGate | None) -> bool:
    """A slot for one more unit of `command`: under the machine's max, the host not at its reserve,
    and either a warm worker of the command or room for a new one's budget."""
    if used >= max_slots:
        return False
    if gate is None or command is None:
        return True
    if not gate.may_start_file(snapshot.live):
        return False
    return command in snapshot.warm_commands or gate.may_start_worker(command, snapshot.live)


class SnapshotSource(Protocol):
    """Anything with a current `snapshot` (the HostPool)."""

    snapshot: Snapshot


class GateSlots(CustomSlotSupplier):
    """Core calls `release_slot` (and `try_reserve_slot`) from its own threads, `reserve_slot` on the event loop.

    A poller waiting for a slot sleeps until one is released (an event, not a timer: a 10 ms
    polling loop here cost a sixth of a worker machine's Python CPU while its slots were full).
    """

    def __init__(self, max_slots: int, gate: MemoryGate | None, snapshot: SnapshotSource, prefix: str) -> None:
        self.max_slots, self.gate, self.source, self.prefix = max_slots, gate, snapshot, prefix
        self.used = 0
        self.refusals = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._freed: asyncio.Event | None = None

    def _take(self, ctx: SlotReserveContext) -> SlotPermit | None:
        with self._lock:
            if admits(self.used, self.max_slots, command_of(ctx.task_queue, self.prefix), self.source.snapshot, self.gate):
                self.used += 1
                return SlotPermit()
            self.refusals += 1
            return None

    async def reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit:
        if self._freed is None:
            self._loop, self._freed = asyncio.get_running_loop(), asyncio.Event()
        while True:
            self._freed.clear()  # before the check: a release from now on sets it again, none is missed
            timeout: float | None = None  # every slot in use: until one is released
            if self.used < self.max_slots:
                permit = self._take(ctx)
                if permit is not None:
                    return permit
                timeout = RECHECK_S
            try:
                await asyncio.wait_for(self._freed.wait(), timeout)
            except TimeoutError:
                pass

    def try_reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit | None:
        return self._take(ctx)

    def mark_slot_used(self, ctx: SlotMarkUsedContext) -> None:
        return None

    def release_slot(self, ctx: SlotReleaseContext) -> None:
        with self._lock:
            self.used = max(0, self.used - 1)
        if self._loop is not None and self._freed is not None:
            self._loop.call_soon_threadsafe(self._freed.set)
