"""The threads that run every event stream's ledger reads, each with one shared read-only connection.

A connection per stream costs three file descriptors (the database, its WAL and
shared-memory files) for as long as the stream is open, and a connection per thread
of the server's pool grows with a burst and stays. Stream reads are short
transactions, so a few threads of their own run them all, each keeping one
connection: what a burst of streams costs in ledger descriptors is fixed.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from hotfolder.api.db import open_readonly

T = TypeVar("T")
READER_THREADS = 4
MAX_LEDGERS = 2  # connections a reader thread keeps, one per ledger path


class StreamReaders:
    def __init__(self, threads: int = READER_THREADS) -> None:
        self._pool = ThreadPoolExecutor(threads, thread_name_prefix="hotfolder-stream")
        self._local = threading.local()

    def _mine(self) -> dict[Path, sqlite3.Connection]:
        held: dict[Path, sqlite3.Connection] | None = getattr(self._local, "connections", None)
        if held is None:
            held = self._local.connections = {}
        return held

    def connection(self, path: Path) -> sqlite3.Connection:
        """This reader thread's connection to the ledger at `path`, opened on first use."""
        held = self._mine()
        conn = held.get(path)
        if conn is None:
            while len(held) >= MAX_LEDGERS:  # one ledger in a daemon; more only in tests
                held.pop(next(iter(held))).close()
            conn = held[path] = open_readonly(path)
        return conn

    def discard(self, path: Path) -> None:
        """Close this thread's connection (after an error left it in doubt); the next use reopens."""
        conn = self._mine().pop(path, None)
        if conn is not None:
            conn.close()

    def run(self, read: Callable[[], T]) -> T:
        """`read()` on a reader thread, waited for (from any other thread)."""
        if getattr(self._local, "reader", False):
            return read()
        return self._pool.submit(self._as_reader, read).result()

    async def run_async(self, read: Callable[[], T]) -> T:
        """`read()` on a reader thread, awaited on the event loop."""
        return await asyncio.wrap_future(self._pool.submit(self._as_reader, read))

    def _as_reader(self, read: Callable[[], T]) -> T:
        self._local.reader = True
        return read()


STREAM_READERS = StreamReaders()
