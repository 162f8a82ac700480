"""Pooled read-only connections to the ledger, and a cheap "has anything changed?" probe.

Opening a connection costs more than most of the API's queries, so requests borrow
one from a small pool. `version()` is SQLite's `PRAGMA data_version` on a connection
of its own: it changes whenever another connection (the daemon's writer, or the
CLI's) commits, which lets the API reuse what it read until the ledger changes.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hotfolder.api.db import LedgerUnavailable, open_readonly

MAX_IDLE = 8
CACHE_ENTRIES = 1024


class LedgerReader:
    """Read transactions from pooled connections (any thread) and the ledger's data version."""

    def __init__(self, path: Path, *, max_idle: int = MAX_IDLE) -> None:
        self.path = path
        self.max_idle = max_idle
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._probe: sqlite3.Connection | None = None
        self._probe_lock = threading.Lock()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """A connection in one read transaction: all its queries see one snapshot."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = open_readonly(self.path, any_thread=True)
        healthy = False
        try:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
            healthy = True
        finally:
            self._give_back(conn, healthy)

    def _give_back(self, conn: sqlite3.Connection, healthy: bool) -> None:
        if healthy:
            with self._lock:
                if len(self._idle) < self.max_idle:
                    self._idle.append(conn)
                    return
        conn.close()

    def version(self) -> int:
        """A number that changes whenever another connection has committed to the ledger."""
        with self._probe_lock:
            try:
                if self._probe is None:
                    self._probe = open_readonly(self.path, any_thread=True)
                row = self._probe.execute("PRAGMA data_version").fetchone()
            except sqlite3.Error as exc:
                raise LedgerUnavailable(self.path, str(exc)) from exc
        return int(row[0])

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()
        with self._probe_lock:
            if self._probe is not None:
                self._probe.close()
                self._probe = None


class VersionedCache:
    """Values computed from the ledger, reused while its version is unchanged (least recently used out)."""

    def __init__(self, entries: int = CACHE_ENTRIES) -> None:
        self.entries = entries
        self._values: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def peek(self, key: Hashable, version: int) -> tuple[bool, Any]:
        """`(True, value)` when `key` holds a value read at `version`, else `(False, None)`."""
        with self._lock:
            found = self._values.get(key)
            if found is None or found[0] != version:
                return False, None
            self._values.move_to_end(key)
            return True, found[1]

    def put(self, key: Hashable, version: int, value: Any) -> None:
        # `value` was read in a snapshot at least as new as `version`: at worst newer than
        # its label, and the next change of version replaces it.
        with self._lock:
            self._values[key] = (version, value)
            self._values.move_to_end(key)
            while len(self._values) > self.entries:
                self._values.popitem(last=False)

    def get(self, key: Hashable, version: int, compute: Callable[[], Any]) -> Any:
        """The value for `key` at `version`, computed (outside the lock) when missing or older."""
        found, value = self.peek(key, version)
        if not found:
            value = compute()
            self.put(key, version, value)
        return value
