"""Progress on its way out of a worker and into the ledger, throttled at both ends.

An engine may report after every utterance; the worker sends at most one message
per `WORKER_INTERVAL_S` (the latest count of each file in hand), and the daemon
writes at most one ledger row per file per `LEDGER_INTERVAL_S` (each write is an
`events` row that every /ws and SSE listener reads). A count held back goes with the
next message or write that is due; in the worker, the last counts before a file ends
may never go (no timer: its outcome follows, which is what a client waits for).
"""

from __future__ import annotations

import time
from collections.abc import Callable

WORKER_INTERVAL_S = 0.25
LEDGER_INTERVAL_S = 1.0

Counts = dict[int, tuple[int, int]]  # key (task index, file id) -> (current, total)


def due(last_at: float | None, now: float, interval_s: float) -> bool:
    """Whether something last sent at `last_at` (None: never) may be sent again at `now`."""
    return last_at is None or now - last_at >= interval_s


class Throttle:
    """The newest count per key, released at most once per `interval_s` (pure state; time passed in)."""

    def __init__(self, interval_s: float) -> None:
        self.interval_s = interval_s
        self.pending: Counts = {}
        self.sent_at: dict[int, float] = {}

    def offer(self, key: int, current: int, total: int) -> None:
        self.pending[key] = (current, total)

    def forget(self, key: int) -> None:
        self.pending.pop(key, None)
        self.sent_at.pop(key, None)

    def take(self, now: float) -> Counts:
        """The pending counts whose key may be sent now; they count as sent at `now`."""
        ready = {key: count for key, count in self.pending.items() if due(self.sent_at.get(key), now, self.interval_s)}
        for key in ready:
            del self.pending[key]
            self.sent_at[key] = now
        # Keys quiet for longer than the interval need no memory: they are due anyway.
        for key in [k for k, at in self.sent_at.items() if k not in self.pending and now - at >= self.interval_s]:
            del self.sent_at[key]
        return ready


class WorkerReporter:
    """The engine's progress listener inside a worker: one message per interval for the whole unit."""

    def __init__(self, send: Callable[[Counts], None], interval_s: float = WORKER_INTERVAL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.send, self.interval_s, self.clock = send, interval_s, clock
        self.pending: Counts = {}
        self.sent_at: float | None = None

    def __call__(self, index: int, current: int, total: int) -> None:
        self.pending[index] = (current, total)
        now = self.clock()
        if due(self.sent_at, now, self.interval_s):
            counts, self.pending, self.sent_at = self.pending, {}, now
            self.send(counts)
