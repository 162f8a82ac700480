"""The live feed behind `/ws`: one tail of the ledger's `events` table, fanned out to every listener.

However many dashboards listen, one task polls the events table (on the stream reader
threads, hotfolder.api.perthread) and turns what changed into batchalign3's messages
once; each listener only gets the same strings queued. The tail runs while someone
listens. A listener that falls behind by more than MAX_BACKLOG messages is dropped
(its client reconnects and starts again from a fresh snapshot) rather than holding
the daemon's memory.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import anyio

from hotfolder.api import queries
from hotfolder.api.joblist import JobIndex
from hotfolder.api.perthread import STREAM_READERS, StreamReaders
from hotfolder.api.stream import FILE_KINDS, LedgerEvent
from hotfolder.api.ws_schemas import WsFileUpdate, WsJobDeleted

log = logging.getLogger("hotfolder.api")
# A snapshot of 100,000 jobs would be 50 MB per connecting dashboard: the newest jobs and
# every active one are what a live view needs; `GET /jobs` has them all.
SNAPSHOT_JOBS = 1000
MAX_BACKLOG = 1000  # messages queued for one listener before it is dropped
# job_created too: unlike a job's own stream, the feed has no snapshot of a job not yet seen.
JOB_KINDS = frozenset({"job_update", "job_deferred", "job_created"})


class Listener:
    """One connection's queue of messages; `next()` is None once it fell too far behind."""

    def __init__(self, max_backlog: int = MAX_BACKLOG) -> None:
        self.max_backlog = max_backlog
        self.overflowed = False
        self._queue: deque[str] = deque()
        self._ready = asyncio.Event()

    def push(self, message: str) -> None:
        if self.overflowed:
            return
        if len(self._queue) >= self.max_backlog:
            self.overflowed = True
            self._queue.clear()
        else:
            self._queue.append(message)
        self._ready.set()

    async def next(self) -> str | None:
        while not self._queue and not self.overflowed:
            self._ready.clear()
            await self._ready.wait()
        return None if self.overflowed else self._queue.popleft()


def latest(events: Sequence[LedgerEvent], job_ids: Sequence[str]) -> list[tuple[LedgerEvent, str]]:
    """The events that need a message, with their job: the last one per file and per job, in ledger order."""
    last: dict[tuple[str, int | None], tuple[LedgerEvent, str]] = {}
    for event, job_id in zip(events, job_ids):
        if event.kind in FILE_KINDS and event.file_id is not None:
            last[(job_id, event.file_id)] = (event, job_id)
        elif event.kind in JOB_KINDS:
            last[(job_id, None)] = (event, job_id)
    return sorted(last.values(), key=lambda pair: pair[0].id)


def job_update(body: bytes) -> str:
    """`{"type":"job_update","job":...}` around a job's JSON as the index holds it."""
    return '{"type":"job_update","job":' + body.decode() + "}"


def snapshot(bodies: Sequence[bytes], health: bytes) -> str:
    """`{"type":"snapshot","jobs":[...],"health":{...}}` from JSON already made."""
    return '{"type":"snapshot","jobs":[' + b",".join(bodies).decode() + '],"health":' + health.decode() + "}"


class LedgerFeed:
    def __init__(
        self, db_path: Path, index: JobIndex, *, poll_s: float, readers: StreamReaders = STREAM_READERS
    ) -> None:
        self.db_path = db_path
        self.index = index
        self.poll_s = poll_s
        self.readers = readers
        self.listeners: set[Listener] = set()
        self.cursor = 0
        self._task: asyncio.Task[None] | None = None
        self._starting = asyncio.Lock()
        self._reading = threading.Lock()  # a cancelled poll may still be running on its thread

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.readers.connection(self.db_path)
        try:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            self.readers.discard(self.db_path)  # never hand on a connection left mid-transaction
            raise

    async def subscribe(self, listener: Listener) -> None:
        """Start queuing news for `listener`; the tail starts with the first one (index caught up)."""
        async with self._starting:
            if self._task is None:
                await self.readers.run_async(self._start)
                self._task = asyncio.create_task(self._run(), name="hotfolder-ws-feed")
            self.listeners.add(listener)

    def unsubscribe(self, listener: Listener) -> None:
        self.listeners.discard(listener)
        if not self.listeners and self._task is not None:
            self._task.cancel()  # nobody listens: no polling
            self._task = None

    def _start(self) -> None:
        with self._reading, self._transaction() as conn:
            self.cursor = int(conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0])
            self.index.refresh(conn)

    async def _run(self) -> None:
        while True:
            await anyio.sleep(self.poll_s)
            try:
                messages = await self.readers.run_async(self.poll)
            except Exception as error:  # noqa: BLE001 - a locked or vanished ledger: try again next time
                log.warning("the /ws feed could not read the ledger: %s", error)
                continue
            for listener in list(self.listeners):
                for message in messages:
                    listener.push(message)

    def poll(self) -> list[str]:
        """Messages for what the ledger recorded since the last poll (run on a reader thread)."""
        with self._reading, self._transaction() as conn:
            rows = conn.execute(
                "SELECT id, job_id, file_id, kind FROM events WHERE id > ? AND job_id IS NOT NULL ORDER BY id",
                (self.cursor,),
            ).fetchall()
            gone = self.index.refresh(conn)  # the same snapshot as the rows: jobs' JSON current with them
            if rows:
                self.cursor = rows[-1]["id"]
            events = [LedgerEvent(row["id"], row["kind"], row["file_id"]) for row in rows]
            messages = [
                message
                for event, job_id in latest(events, [row["job_id"] for row in rows])
                if job_id not in gone
                for message in self._messages(conn, event, job_id)
            ]
        return messages + [WsJobDeleted(job_id=job_id).model_dump_json() for job_id in sorted(gone)]

    def _messages(self, conn: sqlite3.Connection, event: LedgerEvent, job_id: str) -> list[str]:
        if event.kind in FILE_KINDS and event.file_id is not None:
            entry = queries.get_file_entry(conn, job_id, event.file_id)
            if entry is None:
                return []
            done = queries.completed_count(conn, job_id)
            update = WsFileUpdate(job_id=job_id, file=entry, completed_files=done)
            return [update.model_dump_json(exclude_none=True)]
        listed = self.index.get(job_id)
        return [] if listed is None else [job_update(listed.body)]

    def snapshot(self, health: bytes) -> str:
        """The first message for a new listener: the newest SNAPSHOT_JOBS jobs and every active one, and `health`."""
        return snapshot(self.index.newest(SNAPSHOT_JOBS), health)

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self.listeners.clear()
