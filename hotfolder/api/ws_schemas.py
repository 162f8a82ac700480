"""Messages of `/ws`, as batchalign3's dashboard reads them (its `frontend/src/ws.ts` and `types.ts`).

Each is one JSON text frame with a `type`. The feed writes `snapshot` and `job_update`
from JSON it already holds (see hotfolder.api.feed); these models describe every
message for the OpenAPI document and build the others.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from hotfolder.api.schemas import FileStatusEntry, HealthResponse, JobListItem


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class WsSnapshot(_Message):
    """Sent first, once: the newest 1,000 jobs and every older one still active (newest first), and `/health`."""

    type: Literal["snapshot"] = "snapshot"
    jobs: list[JobListItem]
    health: HealthResponse


class WsJobUpdate(_Message):
    """A job changed (created, started, ended, cancelled, restarted)."""

    type: Literal["job_update"] = "job_update"
    job: JobListItem


class WsFileUpdate(_Message):
    """One file of a job changed; `completed_files` is the job's count of done files now."""

    type: Literal["file_update"] = "file_update"
    job_id: str
    file: FileStatusEntry
    completed_files: int


class WsJobDeleted(_Message):
    """A job left the ledger (pruned)."""

    type: Literal["job_deleted"] = "job_deleted"
    job_id: str


WS_MESSAGES: tuple[type[_Message], ...] = (WsSnapshot, WsJobUpdate, WsFileUpdate, WsJobDeleted)


# `/ws` in the OpenAPI document (3.1 has no WebSocket operations): a top-level extension.
WS_DOCUMENT = {
    "/ws": {
        "summary": "Live feed of every job, as batchalign3's dashboard reads it (WebSocket).",
        "description": (
            "On connect: one `snapshot` (the newest 1,000 jobs and every older active one, newest first, and "
            "`/health`; `GET /jobs` lists them all); then `job_update`, "
            "`file_update` and `job_deleted` as the ledger changes (polled every 0.2 s). Send the text "
            "`ping` to be answered `pong`. Token and Host rules as for every path; a browser page must "
            "come from this server's host, a name the Host guard answers, or `api.cors_origins` (403 "
            "otherwise). Open feeds and event streams share `api.max_streams` (503 past it). A client "
            "more than 1000 messages behind is closed with code 1013 and should reconnect."
        ),
        "messages": {"oneOf": [{"$ref": f"#/components/schemas/{model.__name__}"} for model in WS_MESSAGES]},
    }
}
