"""The memory gate as a Temporal slot supplier: a worker machine polls for a unit only when it can run it.

While the gate says no, this machine does not ask Temporal for work: the unit stays queued
there, for this machine later or another one now; nothing is taken and then dropped.
"""

from __future__ import annotations

import asyncio
from typing import Protocol

from temporalio.worker import CustomSlotSupplier, SlotMarkUsedContext, SlotPermit, SlotReleaseContext, SlotReserveContext

from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.temporal.hostpool import Snapshot
from hotfolder.pool.temporal.queues import command_of

RECHECK_S = 0.5  # after the gate said no (it reads the host's memory)
FREED_S = 0.01  # after all slots were in use: a slot frees the moment a unit ends, take it at once


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
    def __init__(self, max_slots: int, gate: MemoryGate | None, snapshot: SnapshotSource, prefix: str) -> None:
        self.max_slots, self.gate, self.source, self.prefix = max_slots, gate, snapshot, prefix
        self.used = 0
        self.refusals = 0

    def _take(self, ctx: SlotReserveContext) -> SlotPermit | None:
        if admits(self.used, self.max_slots, command_of(ctx.task_queue, self.prefix), self.source.snapshot, self.gate):
            self.used += 1
            return SlotPermit()
        self.refusals += 1
        return None

    async def reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit:
        while True:
            if self.used >= self.max_slots:
                await asyncio.sleep(FREED_S)
                continue
            permit = self._take(ctx)
            if permit is not None:
                return permit
            await asyncio.sleep(RECHECK_S)

    def try_reserve_slot(self, ctx: SlotReserveContext) -> SlotPermit | None:
        return self._take(ctx)

    def mark_slot_used(self, ctx: SlotMarkUsedContext) -> None:
        return None

    def release_slot(self, ctx: SlotReleaseContext) -> None:
        self.used = max(0, self.used - 1)
