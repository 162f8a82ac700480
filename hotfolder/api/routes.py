"""The route table: one entry per served path, read by the app (routing) and by the OpenAPI builder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from hotfolder.api.params import BUG_REPORTS_LIMIT, MAX_LIMIT, MAX_OFFSET
from hotfolder.api.receipts import Receipt
from hotfolder.api.schemas import (
    BugReport,
    CompleteEvent,
    FileResult,
    FileUpdateEvent,
    HealthResponse,
    JobInfo,
    JobListItem,
    JobResultResponse,
    MediaListResponse,
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
    description: str = ""
    # An event stream's events: name and the model of its JSON `data`.
    events: tuple[tuple[str, type[BaseModel]], ...] = ()
    # The dashboard: takes `?token=` once when a token is configured (see middleware.auth).
    login: bool = False
    # Served instead of `body` on request (`?raw=1`): the file's own media types, and the
    # model of a raw JSON file (the receipt), offered beside `body` under application/json.
    raw_media_types: tuple[str, ...] = ()
    raw_json: type[BaseModel] | None = None
    status: int = 200  # the success status; 204: no body
    empty_list: bool = False  # the body is always `[]`


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
                {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT},
                "Page size; without it, every job (as batchalign3 answers), streamed from memory.",
            ),
            QueryParam(
                "offset",
                {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
                "Jobs to skip.",
            ),
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
        "/jobs/{job_id}/results/{filename:path}",
        "result_file",
        "One result by name: an output, the receipt, or a failed file, as a FileResult (or the file itself).",
        "jobs",
        FileResult,
        media_types=("application/json",),
        raw_media_types=("text/plain", "text/csv", "application/octet-stream"),
        query=(
            QueryParam(
                "raw",
                {"type": "integer", "enum": [0, 1]},
                "1: the file's own bytes (for browsers and `curl -O`); 0: the FileResult JSON, whatever `Accept` says.",
            ),
        ),
        errors=(400, 404, 409, 503),
        description=(
            "`filename` is an output's path under the outbox (`PWA/TYO_a1.cha`), the job's receipt "
            "(`<bundle>.receipt.json`), or an input's name; a name that matches none is matched by stem in "
            "its folder, so `x.wav` finds the `x.cha` written from it. The body is a `FileResult` with the "
            "file's text in `content` (a failed file: its `error`, `content` empty). 409 while the file has "
            "not ended. With `raw=1`, or an `Accept` that prefers a named type other than JSON (a browser's "
            "`text/html`), the answer is the file itself: CHAT as `text/plain`, CSV as `text/csv`, the receipt "
            "as `application/json` (the `Receipt` schema); `*/*` and no `Accept` get JSON."
        ),
        raw_json=Receipt,
    ),
    RouteSpec(
        "/jobs/{job_id}/stream",
        "stream_job",
        "Server-sent events following one job until it ends.",
        "jobs",
        None,
        media_types=("text/event-stream",),
        errors=(404, 503),
        description=(
            "`snapshot` first; then `file_update` and `job_update` as the ledger changes; `complete` "
            "once the job has ended, after which the stream ends (at once for a job already ended). "
            "Each event's `data` is one JSON object. A `: keep-alive` comment is sent after 15 s "
            "without an event. The schema describes one event."
        ),
        events=(
            ("snapshot", JobInfo),
            ("file_update", FileUpdateEvent),
            ("job_update", JobListItem),
            ("complete", CompleteEvent),
        ),
    ),
    RouteSpec(
        "/jobs/{job_id}/traces",
        "job_traces",
        "Processing traces: none are kept here (batchalign3's dashboard asks; always 204).",
        "jobs",
        None,
        errors=(404, 503),
        status=204,
    ),
    RouteSpec(
        "/fleet",
        "fleet",
        "Other servers of a fleet: this server stands alone, so always an empty list.",
        "meta",
        None,
        media_types=("application/json",),
        empty_list=True,
    ),
    RouteSpec(
        "/media/list",
        "list_media",
        "Recordings under the media roots, or under one media mapping (bank).",
        "media",
        MediaListResponse,
        query=(
            QueryParam(
                "bank", {"type": "string"}, "A media_mappings key; empty or absent: every media root."
            ),
            QueryParam("subdir", {"type": "string"}, "A relative folder below the bank or roots."),
        ),
        errors=(400,),
        description="Sorted, unique file names; each folder's walk is reused for 60 s.",
    ),
    RouteSpec(
        "/bug-reports",
        "list_bug_reports",
        "The most recent bug reports, newest first.",
        "bug-reports",
        BugReport,
        many=True,
        query=(
            QueryParam(
                "limit",
                {"type": "integer", "minimum": 0, "maximum": MAX_LIMIT, "default": BUG_REPORTS_LIMIT},
                "Reports to return at most.",
            ),
        ),
        errors=(400,),
    ),
    RouteSpec(
        "/bug-reports/{id}",
        "get_bug_report",
        "One bug report by its id (the `bug_report_id` of a failed file).",
        "bug-reports",
        BugReport,
        errors=(400, 404),
    ),
    RouteSpec(
        "/metrics",
        "metrics",
        "Prometheus metrics: jobs, files, attempts, queue, memory, scans, processing time.",
        "meta",
        None,
        media_types=("text/plain",),
        errors=(503,),
    ),
    RouteSpec("/openapi.json", "openapi", "This document.", "meta", None),
    RouteSpec(
        "/",
        "dashboard",
        "The dashboard: hot folders and jobs, updated live.",
        "dashboard",
        None,
        media_types=("text/html",),
        login=True,
    ),
)
