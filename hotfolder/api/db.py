"""Read-only connections to the ledger: the API never writes, even by accident."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from hotfolder.errors import HotfolderError

BUSY_TIMEOUT_MS = 5000


class LedgerUnavailable(HotfolderError):
    """The ledger database cannot be opened for reading."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"ledger {path} is not available: {reason}")


def open_readonly(path: Path, *, any_thread: bool = False) -> sqlite3.Connection:
    """Open the ledger read-only (`mode=ro` and `query_only`), rows as `sqlite3.Row`.

    `any_thread` lets a connection that outlives one request (an event stream) be used
    from whichever worker thread runs its next read; its owner never uses it from two at once.
    """
    if not path.is_file():
        # mode=ro would also refuse, but with SQLite's vaguer "unable to open database file".
        raise LedgerUnavailable(path, "no such file")
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        timeout = BUSY_TIMEOUT_MS / 1000
        conn = sqlite3.connect(
            uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=not any_thread
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = 1")
    except sqlite3.Error as exc:
        raise LedgerUnavailable(path, str(exc)) from exc
    conn.row_factory = sqlite3.Row
    return conn


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection for one request, all its queries seeing one snapshot."""
    conn = open_readonly(path)
    try:
        # One read transaction: a job row and its files rows come from the same commit.
        conn.execute("BEGIN")
        yield conn
    finally:
        conn.close()
