"""Engines' progress into the ledger: the newest count per file, at most one write per file per second."""

from __future__ import annotations

from hotfolder.ledger import Ledger
from hotfolder.pool.reporting import LEDGER_INTERVAL_S, Throttle
from hotfolder.pool.units import UnitProgressed, WorkUnit


class ProgressWrites:
    def __init__(self, interval_s: float = LEDGER_INTERVAL_S) -> None:
        self.throttle = Throttle(interval_s)

    def offer(self, unit: WorkUnit, event: UnitProgressed) -> None:
        for index, (current, total) in event.counts.items():
            self.throttle.offer(unit.file_ids[index], current, total)

    def flush(self, ledger: Ledger, now: float) -> int:
        """Write the counts that are due; a file no longer processing is forgotten. Returns rows written."""
        due = self.throttle.take(now)
        if not due:
            return 0
        written = 0
        with ledger.batch():
            for file_id, (current, total) in due.items():
                if ledger.set_progress(file_id, current, total):
                    written += 1
                else:
                    self.throttle.forget(file_id)
        return written
