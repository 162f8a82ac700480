"""Last line of defence: an unexpected exception becomes a logged 500, never a traceback."""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hotfolder.api.errors import error_response

logger = logging.getLogger("hotfolder.api")


class CatchAllMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            if started:
                raise  # too late for a clean answer: let the server drop the connection
            logger.exception("internal error serving %s %s", scope["method"], scope["path"])
            await error_response(500, "internal error")(scope, receive, send)
