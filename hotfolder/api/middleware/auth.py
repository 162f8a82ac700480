"""Optional bearer token: when configured, every request must carry it."""

from __future__ import annotations

import hmac

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from hotfolder.api.errors import error_response


def authorized(header: str | None, token: str) -> bool:
    """Whether an `Authorization` header value carries exactly `Bearer <token>`."""
    if header is None:
        return False
    scheme, _, credentials = header.partition(" ")
    # Constant-time comparison: response timing must not reveal a prefix of the token.
    same = hmac.compare_digest(credentials.strip().encode(), token.encode())
    return scheme.lower() == "bearer" and same


class BearerAuthMiddleware:
    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization")
        if authorized(header, self.token):
            await self.app(scope, receive, send)
            return
        detail = "missing bearer token" if header is None else "invalid bearer token"
        challenge = 'Bearer realm="hotfolder"'
        if header is not None:
            challenge += ', error="invalid_token"'
        response = error_response(401, detail, {"WWW-Authenticate": challenge})
        await response(scope, receive, send)
