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

# Every job with its file counts, first input and workers, each an index lookup (files_job,
# inputs_job, attempts_file): measured faster at 100,000 jobs than grouping each table once.
_JOBS_SQL = f"""
SELECT jobs.id, jobs.folder, jobs.command, jobs.lang, jobs.options, jobs.status, jobs.error,
       jobs.submitted_at, jobs.started_at, jobs.completed_at, jobs.next_eligible_at,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id) AS total_files,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id AND files.status = '{DONE}') AS completed_files,
       (SELECT count(*) FROM files WHERE files.job_id = jobs.id AND files.status = '{ERROR}') AS error_files,
       first_input.path AS input_path, first_input.display_path AS input_display_path,
       (SELECT nullif(count(DISTINCT attempts.worker_pid), 0) FROM files JOIN attempts ON attempts.file_id = files.id
        WHERE files.job_id = jobs.id) AS num_workers
FROM jobs
LEFT JOIN inputs AS first_input ON first_input.id = (SELECT min(id) FROM inputs WHERE inputs.job_id = jobs.id)
"""
_ALL_SQL = _JOBS_SQL
_SOME_SQL = _JOBS_SQL + "WHERE jobs.id IN ({marks})"
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
        # Three lists in the same order, (submitted_at, id) ascending, read backwards: the key,
        # the job's JSON and its status, so a listing is one slice and a change one bisection.
        self._keys: list[tuple[float, str]] = []
        self._bodies: list[bytes] = []
        self._statuses: list[str] = []
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
        ordered = sorted(self._jobs.values(), key=lambda listed: listed.key)
        self._keys = [listed.key for listed in ordered]
        self._bodies = [listed.body for listed in ordered]
        self._statuses = [listed.status for listed in ordered]
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
        if old is not None:
            at = bisect.bisect_left(self._keys, old.key)
            if listed is not None and listed.key == old.key:  # the usual change: same place, new JSON
                self._jobs[job_id] = listed
                self._bodies[at], self._statuses[at] = listed.body, listed.status
                return
            del self._keys[at], self._bodies[at], self._statuses[at]
        if listed is None:
            return
        self._jobs[job_id] = listed
        at = bisect.bisect_left(self._keys, listed.key)
        self._keys.insert(at, listed.key)
        self._bodies.insert(at, listed.body)
        self._statuses.insert(at, listed.status)

    def get(self, job_id: str) -> Listed | None:
        with self._lock:
            return self._jobs.get(job_id)

    def bodies(self, status: str | None = None) -> list[bytes]:
        """The jobs' JSON, newest first (id breaks ties); only `status` when given."""
        with self._lock:
            if status is None:
                return self._bodies[::-1]
            return [body for body, its in zip(reversed(self._bodies), reversed(self._statuses)) if its == status]

    def newest(self, limit: int) -> list[bytes]:
        """The `limit` newest jobs' JSON and, after them, every older job still active (newest first)."""
        with self._lock:
            newest = self._bodies[: -limit - 1 : -1] if limit else []
            older = len(self._bodies) - len(newest)
            active = [self._bodies[i] for i in range(older - 1, -1, -1) if self._statuses[i] in ACTIVE]
        return newest + active

    def __len__(self) -> int:
        return len(self._jobs)
