"""Attempt totals for `/metrics`, read from the ledger a little at a time.

Attempts are appended and, once ended, never change, so a scrape only needs the
rows past the last one it has settled: every attempt up to `upto` has ended and is
in the totals. Rows after an attempt still running are counted for that scrape
only, and read again by the next, until the attempts before them have ended too.
A ledger whose attempts go back below `upto` (replaced) is read again from the start.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field

from hotfolder.ledger import reads

INTERRUPTED = "interrupted"  # a stop, crash or memory shed cut the attempt short


@dataclass
class AttemptTotals:
    outcomes: Counter[str] = field(default_factory=Counter)  # ended attempts by outcome
    categories: Counter[str] = field(default_factory=Counter)  # ended attempts by failure category
    count: Counter[str] = field(default_factory=Counter)  # attempts that ran to an outcome, by command
    seconds: dict[str, float] = field(default_factory=dict)  # their summed duration by command (interrupted ones: not timed)
    running: int = 0  # attempts a worker holds now

    def add(self, row: sqlite3.Row) -> None:
        if row["outcome"] is None:
            self.running += 1
            return
        self.outcomes[row["outcome"]] += 1
        if row["category"] is not None:
            self.categories[row["category"]] += 1
        if row["outcome"] == INTERRUPTED:
            return  # its end is when the restart noticed it, not when work stopped: never timed
        command = row["command"] or "unknown"
        self.count[command] += 1
        self.seconds[command] = self.seconds.get(command, 0.0) + max(0.0, row["seconds"] or 0.0)

    def plus(self, other: AttemptTotals) -> AttemptTotals:
        seconds = dict(self.seconds)
        for command, more in other.seconds.items():
            seconds[command] = seconds.get(command, 0.0) + more
        return AttemptTotals(
            self.outcomes + other.outcomes,
            self.categories + other.categories,
            self.count + other.count,
            seconds,
            self.running + other.running,
        )


class AttemptTally:
    """Settled totals and the id they reach; `read()` adds what the ledger has since."""

    def __init__(self) -> None:
        self.upto = 0
        self.settled = AttemptTotals()

    def read(self, conn: sqlite3.Connection) -> AttemptTotals:
        """The totals over every attempt now in the ledger (call one at a time)."""
        newest = reads.newest_attempt_id(conn)
        if newest < self.upto:
            self.upto, self.settled = 0, AttemptTotals()
        unsettled = AttemptTotals()
        settling = True
        for row in reads.attempts_after(conn, self.upto):
            # An attempt ends with both its outcome and finished_at set in one update.
            settling = settling and row["outcome"] is not None
            if settling:
                self.settled.add(row)
                self.upto = row["id"]
            else:
                unsettled.add(row)
        return self.settled.plus(unsettled)
