"""The route table: one entry per served path, read by the app (routing) and by the OpenAPI builder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from hotfolder.api.params import DEFAULT_LIMIT, MAX_LIMIT
from hotfolder.api.schemas import (
    HealthResponse,
    JobInfo,
    JobListItem,
    JobResultResponse,
)


@dataclass(frozen=True)
class QueryParam:
    name: str
    schema: dict[str, Any]
    description: str


@dataclass(frozen=True)
class RouteSpec:
    """A GET route; `endpoint` names the handler method and is the OpenAPI operationId."""

    path: str  # Starlette pattern, e.g. "/jobs/{job_id}/results/{path:path}"
    endpoint: str
    summary: str
    tag: str
    body: type[BaseModel] | None  # the JSON body's model; None for files and free-form JSON
    many: bool = False  # the body is a list of `body`
    media_types: tuple[str, ...] = ("application/json",)
    query: tuple[QueryParam, ...] = ()
    errors: tuple[int, ...] = ()


_JOB_STATUS_REF = {"$ref": "#/components/schemas/JobStatus"}

ROUTES: tuple[RouteSpec, ...] = (
    RouteSpec(
        "/health",
        "health",
        "Liveness, capabilities, job counts by status and the state of every hot folder.",
        "health",
        HealthResponse,
        errors=(503,),
    ),
    RouteSpec(
        "/jobs",
        "list_jobs",
        "Jobs, newest first, without per-file detail.",
        "jobs",
        JobListItem,
        many=True,
        query=(
            QueryParam("status", _JOB_STATUS_REF, "Only jobs in this status."),
            QueryParam(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
                "Page size.",
            ),
            QueryParam("offset", {"type": "integer", "minimum": 0, "default": 0}, "Jobs to skip."),
        ),
        errors=(400, 503),
    ),
    RouteSpec("/jobs/{job_id}", "get_job", "A job with per-file status.", "jobs", JobInfo, errors=(404, 503)),
    RouteSpec(
        "/jobs/{job_id}/results",
        "job_results",
        "The job's outputs so far, its failed files and its receipt.",
        "jobs",
        JobResultResponse,
        errors=(404, 503),
    ),
    RouteSpec(
        "/jobs/{job_id}/results/{path:path}",
        "result_file",
        "One output file (or the receipt) by its path under the outbox.",
        "jobs",
        None,
        media_types=("text/plain", "text/csv", "application/json", "application/octet-stream"),
        errors=(400, 404, 503),
    ),
    RouteSpec("/openapi.json", "openapi", "This document.", "meta", None),
)
