"""The SQLite connection: WAL, busy timeout, one transaction helper, recorded migrations."""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from hotfolder.ledger.schema import MIGRATIONS

if TYPE_CHECKING:
    import sqlite_utils


def database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils over our connection, without letting it pull in pandas and numpy.

    sqlite-utils imports both whenever they are installed (opensmile brings them)
    only to convert their types; the ledger stores plain values, and the two
    would cost the daemon about 75 MB of memory and a second of start-up.
    """
    absent = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` fail fast
    try:
        import sqlite_utils
    finally:
        for name in absent:
            if sys.modules.get(name) is None:
                del sys.modules[name]
    return sqlite_utils.Database(conn)


def connect(path: Path, *, readonly: bool = False, timeout_s: float = 30.0) -> sqlite3.Connection:
    """Open the ledger; autocommit mode so that `transaction()` alone decides boundaries."""
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"  # as_uri quotes ?, # and % in the path
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        # FULL: a job reported done must survive a power cut, not only a crash.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    return conn


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front so readers never deadlock us.

    Inside an open transaction (a caller's batch) it joins it: many state changes,
    one commit, one fsync of the log.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        # A failed COMMIT (disk full, I/O error) can leave the transaction open: every later
        # change would join it and never land. Roll back, so the next one starts afresh.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations, each in its own transaction; return the schema version."""
    conn.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, applied_at REAL NOT NULL)")
    done = {row[0] for row in conn.execute("SELECT id FROM _migrations")}
    for number, script in enumerate(MIGRATIONS, start=1):
        if number in done:
            continue
        statements = [s.strip() for s in script.split(";\n") if s.strip()]
        with transaction(conn):
            for statement in statements:
                conn.execute(statement)
            conn.execute("INSERT INTO _migrations (id, applied_at) VALUES (?, ?)", (number, time.time()))
    return len(MIGRATIONS)
