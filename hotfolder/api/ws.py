"""`/ws`: batchalign3's live channel: a `snapshot`, then `job_update`, `file_update` and `job_deleted`.

The token and Host rules are the middlewares' (as for every path), the cap on open
streams is shared with the event streams (middleware.streams), and the page's Origin
is checked here (hotfolder.api.origins). The client may send the text `ping` at any
time and is answered `pong`; anything else it sends is ignored.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import anyio
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from hotfolder.api.errors import error_response
from hotfolder.api.feed import LedgerFeed, Listener
from hotfolder.api.middleware.deny import deny
from hotfolder.api.origins import origin_allowed

log = logging.getLogger("hotfolder.api")
TOO_SLOW = 1013  # "try again later": the client fell behind; it reconnects for a fresh snapshot
MAX_MESSAGE = 64 * 1024  # what a client may send in one frame (it only ever needs "ping")


class WsEndpoint:
    """The ASGI app of the `/ws` route."""

    def __init__(
        self,
        feed: LedgerFeed,
        health: Callable[[], Awaitable[bytes]],
        *,
        allowed_hosts: frozenset[str] | None,
        cors_origins: frozenset[str],
    ) -> None:
        self.feed = feed
        self.health = health
        self.allowed_hosts = allowed_hosts
        self.cors_origins = cors_origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        websocket = WebSocket(scope, receive, send)
        origin, host = websocket.headers.get("origin"), websocket.headers.get("host")
        if not origin_allowed(origin, host, self.allowed_hosts, self.cors_origins):
            detail = f"the origin {origin!r} may not open /ws; add it to api.cors_origins"
            await deny(scope, receive, send, error_response(403, detail))
            return
        await websocket.accept()
        listener = Listener()
        await self.feed.subscribe(listener)
        try:
            await websocket.send_text(self.feed.snapshot(await self.health()))
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(self._answer, websocket, listener, tasks.cancel_scope)
                await self._forward(websocket, listener)
                tasks.cancel_scope.cancel()
        except Exception as error:  # noqa: BLE001 - a client gone mid-send: nobody to answer
            log.debug("a /ws client left: %r", error)
        finally:
            self.feed.unsubscribe(listener)

    async def _forward(self, websocket: WebSocket, listener: Listener) -> None:
        while True:
            message = await listener.next()
            if message is None:
                await websocket.close(TOO_SLOW, "fell behind the feed; reconnect for a fresh snapshot")
                return
            await websocket.send_text(message)

    async def _answer(self, websocket: WebSocket, listener: Listener, scope: anyio.CancelScope) -> None:
        """Read the client's frames: `ping` is answered (through the queue, so frames never interleave)."""
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                scope.cancel()
                return
            if message.get("text") == "ping":
                listener.push("pong")
