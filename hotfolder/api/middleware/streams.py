"""A cap on open event streams and `/ws` feeds together: one more is answered 503 with Retry-After instead of held open.

Each stream holds a connection (a file descriptor) for as long as its job runs; the
cap keeps a burst of dashboards or scripts from holding all of them. The count lives
on the server's one event loop, so a plain integer is enough.
"""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Receive, Scope, Send

from hotfolder.api.errors import error_response
from hotfolder.api.middleware.deny import deny

_STREAM_PATH = re.compile(r"^/jobs/[^/]+/stream/?$")


WS_PATH = "/ws"


def is_stream(scope: Scope) -> bool:
    """An event stream or the WebSocket feed: both are held open and share the cap."""
    if scope["type"] == "websocket":
        return bool(scope["path"] == WS_PATH)
    return scope["type"] == "http" and scope["method"] == "GET" and _STREAM_PATH.match(scope["path"]) is not None


class StreamLimitMiddleware:
    def __init__(self, app: ASGIApp, max_streams: int, retry_after_s: int) -> None:
        self.app = app
        self.max_streams = max_streams
        self.retry_after_s = retry_after_s
        self.open = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not is_stream(scope):
            await self.app(scope, receive, send)
            return
        if self.open >= self.max_streams:
            detail = f"{self.open} event streams are open, the most this server allows; retry later or poll /jobs/{{id}}"
            response = error_response(503, detail, {"Retry-After": str(self.retry_after_s)})
            await deny(scope, receive, send, response)
            return
        self.open += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.open -= 1
