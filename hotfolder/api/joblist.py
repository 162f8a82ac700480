"""`GET /jobs` without a limit: every job, newest first, kept in memory as JSON and followed through the events table.

batchalign3's dashboard counts from the whole list, so a lab with 100,000 jobs asks for
all of them at every refresh. Reading and serializing them each time costs about a
second; here each job's JSON is made once and kept, and a refresh re-reads only the
jobs the ledger's `events` rows name since the last one (the same tail as the event
streams). A job removed from the ledger (pruned) or added without an event shows up as
a count that no longer matches, and the whole list is read again.
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hotfolder.api.queries import list_item
from hotfolder.api.serialize import json_bytes
from hotfolder.ledger.states import FileStatus, JobStatus

DONE, ERROR = FileStatus.DONE, FileStatus.ERROR
ACTIVE = frozenset({JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.INTERRUPTED})
CHUNK = 2000  # jobs per chunk of the streamed body

# Every job with its file counts, first input and workers: each aggregate grouped once over its table.
_ALL_SQL = f"""
SELECT jobs.id, jobs.folder, jobs.command, jobs.lang, jobs.options, jobs.status, jobs.error,
       jobs.submitted_at, jobs.started_at, jobs.completed_at, jobs.next_eligible_at,
       coalesce(counts.total, 0) AS total_files, coalesce(counts.done, 0) AS completed_files,
       coalesce(counts.errors, 0) AS error_files, first_input.path AS input_path,
       first_input.display_path AS input_display_path, workers.n AS num_workers
FROM jobs
LEFT JOIN (SELECT job_id, count(*) AS total, sum(status = '{DONE}') AS done, sum(status = '{ERROR}') AS errors
           FROM files GROUP BY job_id) AS counts ON counts.job_id = jobs.id
LEFT JOIN (SELECT job_id, min(id) AS first FROM inputs GROUP BY job_id) AS firsts ON firsts.job_id = jobs.id
LEFT JOIN inputs AS first_input ON first_input.id = firsts.first
LEFT JOIN (SELECT files.job_id, count(DISTINCT attempts.worker_pid) AS n
           FROM attempts JOIN files ON files.id = attempts.file_id GROUP BY files.job_id) AS workers
       ON workers.job_id = jobs.id
"""

# The same columns for a few jobs by id: index lookups, not scans.
_SOME_SQL = f"""
SELECT jobs.id, jobs.folder, jobs.command, jobs.lang, jobs.options, jobs.status, jobs.error,
       jobs.submitted_at, jobs.started_at, jobs.completed_at, jobs.next_eligible_at,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id) AS total_files,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id AND files.status = '{DONE}') AS completed_files,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id AND files.status = '{ERROR}') AS error_files,
       first_input.path AS input_path, first_input.display_path AS input_display_path,
       (SELECT count(DISTINCT attempts.worker_pid) FROM files JOIN attempts ON attempts.file_id = files.id
        WHERE files.job_id = jobs.id) AS num_workers
FROM jobs
LEFT JOIN inputs AS first_input ON first_input.id = (SELECT min(id) FROM inputs WHERE inputs.job_id = jobs.id)
WHERE jobs.id IN ({{marks}})
"""
_MAX_VARS = 500  # ids per IN (...): well under SQLite's limit on bound parameters


@dataclass(frozen=True)
class Listed:
    key: tuple[float, str]  # (submitted_at, id): the list is this, descending
    status: str
    body: bytes  # the job's JobListItem JSON


def _listed(row: sqlite3.Row) -> Listed:
    return Listed((row["submitted_at"], row["id"]), row["status"], json_bytes(list_item(row)))


def json_array(parts: Iterable[bytes]) -> Iterator[bytes]:
    """`[a,b,...]` in chunks of CHUNK items, for a streamed body."""
    yield b"["
    chunk: list[bytes] = []
    first = True
    for part in parts:
        chunk.append(part)
        if len(chunk) == CHUNK:
            yield (b"" if first else b",") + b",".join(chunk)
            first, chunk = False, []
    if chunk:
        yield (b"" if first else b",") + b",".join(chunk)
    yield b"]"


class JobIndex:
    """Every job's list entry; `refresh(conn)` catches up with the ledger, `bodies()` reads them newest first.

    One instance serves `GET /jobs` and the WebSocket feed (hotfolder.api.feed), which
    refreshes it in the same read transaction as its own tail of the events.
    """

    def __init__(self) -> None:
        self._jobs: dict[str, Listed] = {}
        self._keys: list[tuple[float, str]] = []  # ascending; read backwards
        self._cursor = -1  # the last events row applied; -1: never loaded
        self._lock = threading.Lock()

    def refresh(self, conn: sqlite3.Connection) -> set[str]:
        """Apply what the ledger recorded since the last call (one read transaction); the ids of jobs gone."""
        with self._lock:
            newest = int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
            if self._cursor < 0 or newest < self._cursor:  # first use, or a ledger replaced under us
                return self._load(conn, newest)
            changed = [
                str(row[0])
                for row in conn.execute(
                    "SELECT DISTINCT job_id FROM events WHERE id > ? AND job_id IS NOT NULL", (self._cursor,)
                )
            ]
            self._cursor = newest
            gone = self._update(conn, changed)
            total = int(conn.execute("SELECT count(*) FROM jobs").fetchone()[0])
            if total != len(self._jobs):  # pruned, or written without an event: read everything again
                gone |= self._load(conn, newest)
            return gone

    def _load(self, conn: sqlite3.Connection, cursor: int) -> set[str]:
        before = set(self._jobs)
        self._jobs = {row["id"]: _listed(row) for row in conn.execute(_ALL_SQL)}
        self._keys = sorted(listed.key for listed in self._jobs.values())
        self._cursor = cursor
        return before - set(self._jobs)

    def _update(self, conn: sqlite3.Connection, job_ids: list[str]) -> set[str]:
        gone: set[str] = set()
        for start in range(0, len(job_ids), _MAX_VARS):
            some = job_ids[start : start + _MAX_VARS]
            sql = _SOME_SQL.format(marks=",".join("?" * len(some)))
            found = {row["id"]: _listed(row) for row in conn.execute(sql, some)}
            for job_id in some:
                if job_id in self._jobs and job_id not in found:
                    gone.add(job_id)
                self._put(job_id, found.get(job_id))
        return gone

    def _put(self, job_id: str, listed: Listed | None) -> None:
        old = self._jobs.pop(job_id, None)
        if old is not None and (listed is None or old.key != listed.key):
            del self._keys[bisect.bisect_left(self._keys, old.key)]
        if listed is None:
            return
        self._jobs[job_id] = listed
        if old is None or old.key != listed.key:
            bisect.insort(self._keys, listed.key)

    def get(self, job_id: str) -> Listed | None:
        with self._lock:
            return self._jobs.get(job_id)

    def bodies(self, status: str | None = None) -> list[bytes]:
        """The jobs' JSON, newest first (id breaks ties); only `status` when given."""
        with self._lock:
            ordered = [self._jobs[key[1]] for key in reversed(self._keys)]
        return [job.body for job in ordered if status is None or job.status == status]

    def newest(self, limit: int) -> list[bytes]:
        """The `limit` newest jobs' JSON and, after them, every older job still active (newest first)."""
        with self._lock:
            ordered = [self._jobs[key[1]] for key in reversed(self._keys)]
        older = [job for job in ordered[limit:] if job.status in ACTIVE]
        return [job.body for job in ordered[:limit]] + [job.body for job in older]

    def __len__(self) -> int:
        return len(self._jobs)
