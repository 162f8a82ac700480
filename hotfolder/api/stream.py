"""`/jobs/{id}/stream`: server-sent events made by tailing the ledger's `events` table.

The daemon commits an `events` row with every job or file change, so polling that
table from a read-only connection sees every change, whichever process made it,
without the API holding any state of its own. Events: `snapshot` (JobInfo) first;
`file_update` ({job_id, file, completed_files}) and `job_update` (JobListItem) as
the ledger changes; `complete` ({job_id, status}) once the job has ended, and the
stream ends. A comment line keeps a quiet stream open through proxies.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncGenerator, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
from pydantic import BaseModel
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from hotfolder.api import queries
from hotfolder.api.perthread import STREAM_READERS, StreamReaders
from hotfolder.api.schemas import CompleteEvent, FileUpdateEvent, JobInfo, JobStatus
from hotfolder.ledger import reads
from hotfolder.ledger.states import ENDED_JOB

KEEPALIVE = b": keep-alive\n\n"
# Ledger event kinds that change what `job_update` shows; job_created precedes any
# snapshot and job_marked (receipt written, inputs released) changes nothing shown.
JOB_KINDS = frozenset({"job_update", "job_deferred"})
FILE_KINDS = frozenset({"file_update"})


@dataclass(frozen=True)
class LedgerEvent:
    id: int
    kind: str
    file_id: int | None


def sse(event: str, data: BaseModel) -> bytes:
    """One server-sent event; the JSON has no newlines, so it fits one `data:` line."""
    body = data.model_dump_json(exclude_none=True)
    return f"event: {event}\ndata: {body}\n\n".encode()


def worth_sending(events: Sequence[LedgerEvent]) -> list[LedgerEvent]:
    """The events that need a message: the last one per file and per job, in ledger order.

    A client wants current state, not history: three changes to one file since the
    last poll make one `file_update` carrying the file as it is now.
    """
    last: dict[tuple[str, int | None], LedgerEvent] = {}
    for event in events:
        if event.kind in FILE_KINDS and event.file_id is not None:
            last[("file", event.file_id)] = event
        elif event.kind in JOB_KINDS:
            last[("job", None)] = event
    return sorted(last.values(), key=lambda event: event.id)


class JobTail:
    """One job's snapshot and then its news, read on the stream reader threads.

    Each read is one short transaction on a reader thread's shared connection (see
    hotfolder.api.perthread); `close()` is idempotent and must be called however the
    stream ends.
    """

    def __init__(self, db_path: Path, job_id: str, readers: StreamReaders = STREAM_READERS) -> None:
        self.db_path = db_path
        self.job_id = job_id
        self.readers = readers
        self.closed = False
        self.cursor = 0
        self.ended = False

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        if self.closed:
            raise RuntimeError("the job tail is closed")
        conn = self.readers.connection(self.db_path)
        try:
            conn.execute("BEGIN")
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            self.readers.discard(self.db_path)  # never hand on a connection left mid-transaction
            raise

    def snapshot(self) -> JobInfo | None:
        """The job now (None if unknown); news is what the ledger records after this."""
        return self.readers.run(self._snapshot)

    def poll(self) -> list[bytes]:
        """Messages for what the ledger recorded since the last call; `ended` says when to stop."""
        return self.readers.run(self._poll)

    async def poll_async(self) -> list[bytes]:
        """poll(), awaited on the event loop."""
        return await self.readers.run_async(self._poll)

    def _snapshot(self) -> JobInfo | None:
        with self._transaction() as conn:  # the job and the cursor from one commit: nothing missed or repeated
            info = queries.get_job(conn, self.job_id)
            self.cursor = reads.last_event_id(conn, self.job_id)
        self.ended = info is None or info.status in ENDED_JOB
        return info

    def _poll(self) -> list[bytes]:
        with self._transaction() as conn:
            rows = reads.events_after(conn, self.job_id, self.cursor)
            if not rows:
                return []
            self.cursor = rows[-1]["id"]
            events = [LedgerEvent(row["id"], row["kind"], row["file_id"]) for row in rows]
            return [message for event in worth_sending(events) for message in self._messages(conn, event)]

    def _messages(self, conn: sqlite3.Connection, event: LedgerEvent) -> list[bytes]:
        if event.kind in FILE_KINDS and event.file_id is not None:
            entry = queries.get_file_entry(conn, self.job_id, event.file_id)
            if entry is None:
                return []
            done = queries.completed_count(conn, self.job_id)
            return [sse("file_update", FileUpdateEvent(job_id=self.job_id, file=entry, completed_files=done))]
        item = queries.get_job_item(conn, self.job_id)
        if item is None:  # pruned from the ledger meanwhile: nothing more will come
            self.ended = True
            return []
        if item.status not in ENDED_JOB:
            return [sse("job_update", item)]
        self.ended = True
        return [sse("job_update", item), complete(self.job_id, item.status)]

    def close(self) -> None:
        self.closed = True  # the connection is the thread's, shared: it stays open for the next stream


def complete(job_id: str, status: JobStatus) -> bytes:
    """The last event of every stream."""
    return sse("complete", CompleteEvent(job_id=job_id, status=status))


async def job_events(
    tail: JobTail,
    first: JobInfo,
    *,
    poll_s: float,
    keepalive_s: float,
    clock: Callable[[], float] = time.monotonic,
) -> AsyncGenerator[bytes, None]:
    """The stream's bytes: the snapshot, then news until the job ends (or the client leaves)."""
    yield sse("snapshot", first)
    if tail.ended:
        yield complete(first.job_id, first.status)
        return
    last_sent = clock()
    while not tail.ended:
        await anyio.sleep(poll_s)
        messages = await tail.poll_async()
        for message in messages:
            yield message
        if messages:
            last_sent = clock()
        elif clock() - last_sent >= keepalive_s:
            yield KEEPALIVE
            last_sent = clock()


class EventStreamResponse(StreamingResponse):
    """A text/event-stream response that closes its job tail however the stream ends."""

    media_type = "text/event-stream"

    def __init__(self, events: AsyncGenerator[bytes, None], tail: JobTail) -> None:
        super().__init__(events, headers=self.headers_for())
        self.events = events
        self.tail = tail

    @staticmethod
    def headers_for() -> dict[str, str]:
        # no-cache: never replayed from a cache; X-Accel-Buffering: a proxy passes events at once.
        return {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            # A client that leaves cancels the stream between events; closing the generator
            # and the connection here (not in the generator) also covers one never started.
            await self.events.aclose()
            self.tail.close()
