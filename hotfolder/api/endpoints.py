"""Request handlers: parse the request, read the ledger, answer with a model (or a file)."""

from __future__ import annotations

import asyncio
import mimetypes
import sqlite3
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, TypeAdapter
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from hotfolder.api import queries
from hotfolder.api.bugreports import bug_report_folder, list_reports, read_report
from hotfolder.api.dashboard import DASHBOARD_PAGE
from hotfolder.api.errors import NotFound
from hotfolder.api.health import health_response
from hotfolder.api.media import MediaLister
from hotfolder.api.metrics import CONTENT_TYPE, LedgerCollector, metrics_text
from hotfolder.api.open_file import OpenFileResponse
from hotfolder.api.params import BUG_REPORTS_LIMIT, MAX_LIMIT, count_param, jobs_page
from hotfolder.api.reader import LedgerReader, VersionedCache
from hotfolder.api.safe_open import open_regular
from hotfolder.api.schemas import JobInfo, MediaListResponse
from hotfolder.api.settings import ApiSettings
from hotfolder.api.stream import EventStreamResponse, JobTail, job_events

# Results are text the lab opens in a browser or CLAN: say utf-8 so nothing guesses.
_MEDIA_TYPES = {
    ".cha": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def json_bytes(content: BaseModel | Sequence[BaseModel]) -> bytes:
    """A model (or list of models) as JSON, nulls omitted as batchalign3 does (pydantic-core serializes)."""
    if isinstance(content, BaseModel):
        return _adapter(type(content)).dump_json(content, exclude_none=True)
    items = [_adapter(type(item)).dump_json(item, exclude_none=True) for item in content]
    return b"[" + b",".join(items) + b"]"


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

    async def health(self, request: Request) -> Response:
        counts, queued = await self._cached(
            ("health",), lambda conn: (queries.jobs_by_status(conn), queries.queued_by_folder(conn))
        )
        body = health_response(
            version=self.settings.version,
            node_id=self.settings.node_id,
            capabilities=self.settings.capabilities(),
            counts=counts,
            queued=queued,
            live=self.settings.live(),
        )
        return json_body(body)

    async def list_jobs(self, request: Request) -> Response:
        page = jobs_page(request.query_params)
        body: bytes = await self._cached(
            ("jobs", page.status, page.limit, page.offset),
            lambda conn: json_bytes(queries.list_jobs(conn, page.status, page.limit, page.offset)),
        )
        return json_body(body)

    async def get_job(self, request: Request) -> Response:
        job_id = request.path_params["job_id"]

        def read(conn: sqlite3.Connection) -> bytes | None:
            job = queries.get_job(conn, job_id)
            return None if job is None else json_bytes(job)

        body: bytes | None = await self._cached(("job", job_id), read)
        if body is None:
            raise NotFound(f"job {job_id} not found")
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
        job_id, path = request.path_params["job_id"], request.path_params["path"]
        with self.reader.reading() as conn:
            if not queries.job_exists(conn, job_id):
                raise NotFound(f"job {job_id} not found")
            found = queries.result_file(conn, job_id, path)
        fd = None if found is None else open_regular(*found)  # once, no link followed, no FIFO waited on
        if found is None or fd is None:
            raise NotFound(f"job {job_id} has no result {path}")
        name = found[1]
        return OpenFileResponse(fd, media_type=media_type(name), filename=name.name)

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
