"""Request handlers: parse the request, read the ledger, answer with a model (or a file)."""

from __future__ import annotations

import mimetypes
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response

from hotfolder.api import queries
from hotfolder.api.bugreports import bug_report_folder, list_reports, read_report
from hotfolder.api.dashboard import DASHBOARD_PAGE
from hotfolder.api.db import reading
from hotfolder.api.errors import NotFound
from hotfolder.api.health import health_response
from hotfolder.api.media import MediaLister
from hotfolder.api.metrics import CONTENT_TYPE, LedgerCollector, metrics_text
from hotfolder.api.params import BUG_REPORTS_LIMIT, MAX_LIMIT, count_param, jobs_page
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


def json_body(content: BaseModel | list[Any]) -> JSONResponse:
    """A model (or list of models) as JSON, nulls omitted as batchalign3 does."""
    if isinstance(content, BaseModel):
        return JSONResponse(content.model_dump(mode="json", exclude_none=True))
    return JSONResponse([item.model_dump(mode="json", exclude_none=True) for item in content])


def media_type(path: Path) -> str:
    """The Content-Type to serve a result file with."""
    known = _MEDIA_TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class Endpoints:
    """One method per route (named in hotfolder.api.routes); each opens its own read-only connection."""

    def __init__(self, settings: ApiSettings, openapi_document: dict[str, Any]) -> None:
        self.settings = settings
        self.openapi_document = openapi_document
        self.media = MediaLister(settings.media_roots, settings.media_mappings, ttl_s=settings.media_cache_s)
        info = {"version": settings.version, "node_id": settings.node_id}
        self.collector = LedgerCollector(settings.db_path, settings.live, info)
        self.dashboard_html = DASHBOARD_PAGE.render()

    def health(self, request: Request) -> Response:
        with reading(self.settings.db_path) as conn:
            counts = queries.jobs_by_status(conn)
            queued = queries.queued_by_folder(conn)
        body = health_response(
            version=self.settings.version,
            node_id=self.settings.node_id,
            capabilities=self.settings.capabilities(),
            counts=counts,
            queued=queued,
            live=self.settings.live(),
        )
        return json_body(body)

    def list_jobs(self, request: Request) -> Response:
        page = jobs_page(request.query_params)
        with reading(self.settings.db_path) as conn:
            jobs = queries.list_jobs(conn, page.status, page.limit, page.offset)
        return json_body(jobs)

    def _job_view(
        self, request: Request, read: Callable[[sqlite3.Connection, str], BaseModel | None]
    ) -> Response:
        job_id = request.path_params["job_id"]
        with reading(self.settings.db_path) as conn:
            view = read(conn, job_id)
        if view is None:
            raise NotFound(f"job {job_id} not found")
        return json_body(view)

    def get_job(self, request: Request) -> Response:
        return self._job_view(request, queries.get_job)

    def job_results(self, request: Request) -> Response:
        return self._job_view(request, queries.job_results)

    def result_file(self, request: Request) -> Response:
        job_id, path = request.path_params["job_id"], request.path_params["path"]
        with reading(self.settings.db_path) as conn:
            if not queries.job_exists(conn, job_id):
                raise NotFound(f"job {job_id} not found")
            found = queries.result_file(conn, job_id, path)
        if found is None:
            raise NotFound(f"job {job_id} has no result {path}")
        return FileResponse(
            found, media_type=media_type(found), filename=found.name, content_disposition_type="inline"
        )

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
            return Response(media_type=EventStreamResponse.media_type, headers=EventStreamResponse.headers_for())
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
