"""The API changes nothing: any method but GET/HEAD gets a 405 naming the CLI command to use."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from hotfolder.api.errors import error_response

READ_METHODS = frozenset({"GET", "HEAD"})
_JOB_PATH = re.compile(r"^/jobs/(?P<job_id>[^/]+)(?P<action>/cancel|/restart)?$")
_READ_ONLY = "the API is read-only"


_FROM_FOLDERS = "hotfolder takes work only from its hot folders"


def write_hint(method: str, path: str) -> str:
    """What to do instead of `method path`, for the 405's detail (batchalign3's clients show it)."""
    path = path.rstrip("/") or "/"
    if path == "/jobs" and method == "POST":
        return f"{_READ_ONLY}; {_FROM_FOLDERS}: drop files into a hot folder's inbox to submit a job"
    match = _JOB_PATH.match(path)
    if match is not None:
        job_id = match["job_id"]
        if match["action"] == "/restart":
            return f"{_READ_ONLY}; use `hotfolder restart {job_id}`"
        if match["action"] == "/cancel":
            return f"{_READ_ONLY}; use `hotfolder cancel {job_id}`"
        if method == "DELETE":
            return (
                f"{_READ_ONLY}; {_FROM_FOLDERS} and keeps every job in its ledger: "
                f"use `hotfolder cancel {job_id}` to stop it"
            )
    return f"{_READ_ONLY}; {method} is not served: use the `hotfolder` command line to change anything"


class ReadOnlyMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        detail = write_hint(scope["method"], scope["path"])
        response = error_response(405, detail, {"Allow": ", ".join(sorted(READ_METHODS))})
        await response(scope, receive, send)
