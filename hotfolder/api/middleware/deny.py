"""Refusing a request with an HTTP answer, also when it is a WebSocket handshake.

A WebSocket handshake is refused with a real HTTP response (401, 403, 421, 503 and its
JSON detail) where the server supports ASGI's denial-response extension, as uvicorn
does; otherwise the handshake is closed (the client sees 403).
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

POLICY_VIOLATION = 1008


async def deny(scope: Scope, receive: Receive, send: Send, response: Response) -> None:
    if scope["type"] == "websocket" and "websocket.http.response" not in scope.get("extensions", {}):
        await send({"type": "websocket.close", "code": POLICY_VIOLATION})
        return
    await response(scope, receive, send)  # Starlette sends it as websocket.http.response.* when needed
