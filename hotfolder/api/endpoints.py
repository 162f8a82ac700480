"""Request handlers: parse the request, read the ledger, answer with a model (or a file)."""

from __future__ import annotations

import asyncio
import mimetypes
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import PurePath, PurePosixPath
from typing import Any

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from hotfolder.api import queries
from hotfolder.api.bugreports import bug_report_folder, list_reports, read_report
from hotfolder.api.dashboard import DASHBOARD_PAGE
from hotfolder.api.errors import Conflict, NotFound
from hotfolder.api.health import health_response
from hotfolder.api.joblist import JobIndex, json_array
from hotfolder.api.media import MediaLister
from hotfolder.api.metrics import CONTENT_TYPE, LedgerCollector, metrics_text
from hotfolder.api.negotiate import wants_raw
from hotfolder.api.open_file import OpenFileResponse
from hotfolder.api.params import BUG_REPORTS_LIMIT, MAX_LIMIT, count_param, jobs_page
from hotfolder.api.paths import checked_relative
from hotfolder.api.planes import swapped_bodies, with_planes
from hotfolder.api.reader import LedgerReader, VersionedCache
from hotfolder.api.results import Failed, Pending, file_result, locate
from hotfolder.api.safe_open import open_regular
from hotfolder.api.schemas import FileResult, JobInfo, JobListItem, JobStatus, MediaListResponse
from hotfolder.api.serialize import json_bytes
from hotfolder.api.settings import ApiSettings
from hotfolder.api.stream import EventStreamResponse, JobTail, job_events

# Results are text the lab opens in a browser or CLAN: say utf-8 so nothing guesses.
_MEDIA_TYPES = {
    ".cha": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


def json_body(content: BaseModel | Sequence[BaseModel] | bytes) -> Response:
    """A JSON response of a model, a list of models, or JSON already serialized."""
    body = content if isinstance(content, bytes) else json_bytes(content)
    return Response(body, media_type="application/json")


def media_type(path: PurePath) -> str:
    """The Content-Type to serve a result file with."""
    known = _MEDIA_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Endpoints:
    """One method per route (named in hotfolder.api.routes).

    Ledger reads borrow a pooled read-only connection; what they answer is reused
    while the ledger's data version is unchanged (result files and bug reports,
    which live outside the ledger, are read every time).
    """

    def __init__(self, settings: ApiSettings, openapi_document: dict[str, Any]) -> None:
        self.settings = settings
        self.openapi_document = openapi_document
        self.reader = LedgerReader(settings.db_path)
        self.cache = VersionedCache()
        self._reads: dict[tuple[object, ...], asyncio.Future[Any]] = {}  # reads in flight (event loop only)
        self.media = MediaLister(settings.media_roots, settings.media_mappings, ttl_s=settings.media_cache_s)
        info = {"version": settings.version, "node_id": settings.node_id}
        self.collector = LedgerCollector(self.reader, settings.live, info)
        self.dashboard_html = DASHBOARD_PAGE.render()
        self.index = JobIndex()
        self._index_version: int | None = None
        self._index_lock = threading.Lock()

    def _read(self, key: tuple[object, ...], version: int, read: Callable[[sqlite3.Connection], Any]) -> Any:
        with self.reader.reading() as conn:
            value = read(conn)
        self.cache.put(key, version, value)
        return value

    async def _cached(self, key: tuple[object, ...], read: Callable[[sqlite3.Connection], Any]) -> Any:
        """What `read` answers now: reused from memory while the ledger is unchanged.

        A hit is answered on the event loop (the version probe takes microseconds);
        a miss costs a worker thread and a query, once: requests arriving meanwhile
        for the same key and version wait for that one read.
        """
        version = self.reader.version()
        found, value = self.cache.peek(key, version)
        if found:
            return value
        pending = self._reads.get((key, version))
        if pending is None:
            pending = asyncio.ensure_future(run_in_threadpool(self._read, key, version, read))
            self._reads[(key, version)] = pending
            pending.add_done_callback(lambda _: self._reads.pop((key, version), None))
        return await asyncio.shield(pending)

    async def health_body(self) -> bytes:
        """`/health` now, as JSON (also the WebSocket snapshot's `health`)."""
        counts, queued, busy = await self._cached(
            ("health",),
            lambda conn: (queries.jobs_by_status(conn), queries.queued_by_folder(conn), queries.busy_by_key(conn)),
        )
        body = health_response(
            version=self.settings.version,
            node_id=self.settings.node_id,
            capabilities=self.settings.capabilities(),
            counts=counts,
            queued=queued,
            live=self.settings.live(),
            busy=busy,
        )
        return json_bytes(body)

    async def health(self, request: Request) -> Response:
        return json_body(await self.health_body())

    def _index_now(self) -> JobIndex:
        version = self.reader.version()
        with self._index_lock:  # one refresh at a time; the others then find it current
            if version != self._index_version:
                with self.reader.reading() as conn:
                    self.index.refresh(conn)
                self._index_version = version
        return self.index

    async def job_index(self) -> JobIndex:
        """Every job's list entry, caught up with the ledger."""
        return await run_in_threadpool(self._index_now)

    async def list_jobs(self, request: Request) -> Response:
        page = jobs_page(request.query_params)
        planes = self.settings.live().job_control_planes  # Temporal only: running jobs' workflows
        if page.limit is None:  # every job, as batchalign3 answers: from memory, streamed
            index = await self.job_index()
            bodies = index.bodies(page.status)[page.offset :]
            if planes:
                listed = {job_id: (found.status, found.body) for job_id in planes if (found := index.get(job_id)) is not None}
                swaps = swapped_bodies(listed, planes)
                bodies = [swaps.get(body, body) for body in bodies] if swaps else bodies
            length = 2 + sum(map(len, bodies)) + max(0, len(bodies) - 1)
            return StreamingResponse(
                json_array(bodies), media_type="application/json", headers={"content-length": str(length)}
            )
        limit = page.limit

        def read(conn: sqlite3.Connection) -> tuple[list[JobListItem], bytes]:
            items = queries.list_jobs(conn, page.status, limit, page.offset)
            return items, json_bytes(items)

        items, body = await self._cached(("jobs", page.status, limit, page.offset), read)
        shown = with_planes(items, planes)
        return json_body(body if shown is None else json_bytes(shown))

    def job_traces(self, request: Request) -> Response:
        job_id = request.path_params["job_id"]
        with self.reader.reading() as conn:
            if not queries.job_exists(conn, job_id):
                raise NotFound(f"job {job_id} not found")
        return Response(status_code=204)

    def fleet(self, request: Request) -> Response:
        return json_body(b"[]")

    async def get_job(self, request: Request) -> Response:
        job_id = request.path_params["job_id"]

        def read(conn: sqlite3.Connection) -> tuple[JobInfo, bytes] | None:
            job = queries.get_job(conn, job_id)
            return None if job is None else (job, json_bytes(job))

        found: tuple[JobInfo, bytes] | None = await self._cached(("job", job_id), read)
        if found is None:
            raise NotFound(f"job {job_id} not found")
        job, body = found
        planes = self.settings.live().job_control_planes  # live, not from the ledger: only while a unit runs
        plane = planes.get(job_id) if planes else None
        if plane is not None and job.status is JobStatus.RUNNING:
            return json_body(job.model_copy(update={"control_plane": plane}))
        return json_body(body)

    def job_results(self, request: Request) -> Response:
        # Not reused: it also reads the output files' provenance from the outbox.
        job_id = request.path_params["job_id"]
        with self.reader.reading() as conn:
            view = queries.job_results(conn, job_id)
        if view is None:
            raise NotFound(f"job {job_id} not found")
        return json_body(view)

    def result_file(self, request: Request) -> Response:
        job_id, wanted = request.path_params["job_id"], request.path_params["filename"]
        raw = wants_raw(request.query_params.get("raw"), request.headers.get("accept"))
        with self.reader.reading() as conn:
            located = locate(conn, job_id, wanted)
        if located is None:
            raise NotFound(f"job {job_id} not found")
        found = located.match
        if isinstance(found, Pending):
            raise Conflict(f"{found.filename} is {found.status}, not done yet; ask again once it has ended")
        if isinstance(found, Failed):
            if raw:
                raise NotFound(f"{found.filename} failed, so it has no output: {found.error}")
            return json_body(FileResult(filename=found.filename, content="", error=found.error))
        fd = None if found is None else open_regular(located.outbox, checked_relative(found.path))
        if found is None or fd is None:  # opened once, no link followed, no FIFO waited on
            raise NotFound(f"job {job_id} has no result {wanted}")
        name = PurePosixPath(found.path)
        if raw:
            return OpenFileResponse(fd, media_type=media_type(name), filename=name.name)
        return json_body(file_result(located.outbox, found.path, fd))

    def openapi(self, request: Request) -> Response:
        return JSONResponse(self.openapi_document)

    def _start_tail(self, job_id: str) -> tuple[JobTail, JobInfo]:
        tail = JobTail(self.settings.db_path, job_id)
        try:
            first = tail.snapshot()
        except BaseException:
            tail.close()
            raise
        if first is None:
            tail.close()
            raise NotFound(f"job {job_id} not found")
        return tail, first

    async def stream_job(self, request: Request) -> Response:
        tail, first = await run_in_threadpool(self._start_tail, request.path_params["job_id"])
        if request.method == "HEAD":  # the headers only: no stream to hold open for nobody
            tail.close()
            return Response(
                media_type=EventStreamResponse.media_type, headers=EventStreamResponse.headers_for()
            )
        settings = self.settings
        events = job_events(tail, first, poll_s=settings.stream_poll_s, keepalive_s=settings.keepalive_s)
        return EventStreamResponse(events, tail)

    def list_media(self, request: Request) -> Response:
        query = request.query_params
        files = self.media.list(query.get("bank", ""), query.get("subdir", ""))
        return json_body(MediaListResponse(files=files))

    def list_bug_reports(self, request: Request) -> Response:
        limit = count_param(request.query_params, "limit", BUG_REPORTS_LIMIT, 0, MAX_LIMIT)
        return json_body(list_reports(bug_report_folder(self.settings.state_dir), limit))

    def get_bug_report(self, request: Request) -> Response:
        report_id = request.path_params["id"]
        report = read_report(bug_report_folder(self.settings.state_dir), report_id)
        if report is None:
            raise NotFound(f"bug report {report_id} not found")
        return json_body(report)

    def metrics(self, request: Request) -> Response:
        return Response(metrics_text(self.collector), media_type=CONTENT_TYPE)

    def dashboard(self, request: Request) -> Response:
        return HTMLResponse(self.dashboard_html, headers=DASHBOARD_PAGE.headers)
