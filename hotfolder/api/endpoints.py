"""Request handlers: parse the request, read the ledger, answer with a model (or a file)."""

from __future__ import annotations

import mimetypes
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response

from hotfolder.api import queries
from hotfolder.api.db import reading
from hotfolder.api.errors import NotFound
from hotfolder.api.health import health_response
from hotfolder.api.params import jobs_page
from hotfolder.api.settings import ApiSettings

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
