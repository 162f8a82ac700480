"""Without a token, a request whose `Host` is not one of ours gets 421 (see hotfolder.api.hosts)."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from hotfolder.api.errors import error_response
from hotfolder.api.hosts import host_allowed
from hotfolder.api.middleware.deny import deny


class HostCheckMiddleware:
    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed  # None: no check (a token guards the API)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.allowed is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host")
        if host_allowed(host, self.allowed):
            await self.app(scope, receive, send)
            return
        detail = f"this server does not answer to the host {host!r}; add it to api.allowed_hosts or set api.token"
        await deny(scope, receive, send, error_response(421, detail))
