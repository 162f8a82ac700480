"""The read-only HTTP API as a Starlette app; the daemon serves it (see hotfolder.api.server)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute

from hotfolder.api.dashboard.assets import URL as ASSETS_URL
from hotfolder.api.dashboard.assets import Assets
from hotfolder.api.endpoints import Endpoints
from hotfolder.api.errors import EXCEPTION_HANDLERS
from hotfolder.api.feed import LedgerFeed
from hotfolder.api.hosts import allowed_names
from hotfolder.api.middleware.auth import BearerAuthMiddleware
from hotfolder.api.middleware.catch import CatchAllMiddleware
from hotfolder.api.middleware.hosts import HostCheckMiddleware
from hotfolder.api.middleware.readonly import ReadOnlyMiddleware
from hotfolder.api.middleware.streams import WS_PATH, StreamLimitMiddleware
from hotfolder.api.openapi import build_openapi
from hotfolder.api.routes import ROUTES
from hotfolder.api.settings import ApiSettings
from hotfolder.api.ws import WsEndpoint
from hotfolder.api.ws_schemas import WS_DOCUMENT, WS_MESSAGES

__all__ = ["ApiSettings", "create_app", "openapi_document"]


def openapi_document(version: str, *, bearer: bool) -> dict[str, Any]:
    """What `/openapi.json` serves: the route table, and `/ws` with its messages as an extension."""
    return build_openapi(
        ROUTES, version=version, bearer=bearer, extra_models=WS_MESSAGES, extensions={"x-websockets": WS_DOCUMENT}
    )


def create_app(settings: ApiSettings) -> Starlette:
    """The API over the ledger at `settings.db_path`, with every route of hotfolder.api.routes and `/ws`."""
    document = openapi_document(settings.version, bearer=settings.token is not None)
    endpoints = Endpoints(settings, document)
    hosts = None if settings.token is not None else allowed_names(settings.bind_host, settings.allowed_hosts)
    cors = settings.limits.cors_origins
    feed = LedgerFeed(settings.db_path, endpoints.index, poll_s=settings.stream_poll_s)
    routes: list[BaseRoute] = [
        Route(spec.path, getattr(endpoints, spec.endpoint), methods=["GET"], name=spec.endpoint)
        for spec in ROUTES
    ]
    ws = WsEndpoint(feed, endpoints.health_body, allowed_hosts=hosts, cors_origins=frozenset(cors))
    routes.append(WebSocketRoute(WS_PATH, ws, name="ws"))
    # The dashboard's stylesheets and scripts: package files, not API routes (not in the OpenAPI document).
    routes.append(Mount(ASSETS_URL, app=Assets(), name="assets"))
    # Outermost first: nothing escapes as a traceback, a foreign Host (DNS rebinding) is refused
    # when there is no token, CORS answers its preflights (they carry no token) for the configured
    # origins, the token is checked before anything else is revealed, writes are refused on any
    # path, known or not, and event streams past the cap are refused before they hold a connection.
    middleware = [
        Middleware(CatchAllMiddleware),
        Middleware(HostCheckMiddleware, allowed=hosts),
        *([Middleware(CORSMiddleware, allow_origins=list(cors), allow_methods=["GET", "HEAD"], allow_headers=["authorization"])] if cors else []),
        Middleware(BearerAuthMiddleware, token=settings.token),
        Middleware(ReadOnlyMiddleware),
        Middleware(
            StreamLimitMiddleware,
            max_streams=settings.limits.max_streams,
            retry_after_s=settings.limits.retry_after_s,
        ),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await feed.close()
        endpoints.reader.close()  # the pooled ledger connections, when the server runs a lifespan

    return Starlette(
        routes=routes, middleware=middleware, exception_handlers=EXCEPTION_HANDLERS, lifespan=lifespan
    )
