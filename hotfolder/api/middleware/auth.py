"""Optional bearer token: when configured, every request must carry it.

Scripts send `Authorization: Bearer <token>`. A browser cannot add that header to
an EventSource or a plain link, so the dashboard takes the token once as
`/?token=<token>`: the answer is a redirect to `/` that sets it as an HttpOnly,
SameSite=Strict cookie, which every later request of the page (fetch, the event
streams, links to results) then carries. The token is accepted as a query
parameter on `/` only, and leaves the address bar at once.
"""

from __future__ import annotations

import hmac
from urllib.parse import parse_qs

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from hotfolder.api.dashboard.login import LOGIN_PAGE
from hotfolder.api.errors import error_response
from hotfolder.api.middleware.deny import deny

COOKIE = "hotfolder_token"
DASHBOARD = "/"


def same_token(given: str, token: str) -> bool:
    # Constant-time comparison: response timing must not reveal a prefix of the token.
    return hmac.compare_digest(given.encode(), token.encode())


def authorized(header: str | None, token: str) -> bool:
    """Whether an `Authorization` header value carries exactly `Bearer <token>`."""
    if header is None:
        return False
    scheme, _, credentials = header.partition(" ")
    return same_token(credentials.strip(), token) and scheme.lower() == "bearer"


def query_token(scope: Scope) -> str | None:
    """The `token` query parameter of the request, if given."""
    values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
    return values[0] if values else None


def dashboard_login(token: str) -> Response:
    """The answer to `/?token=<right token>`: back to `/` with the token as a cookie."""
    response = RedirectResponse(DASHBOARD, status_code=303)
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


class BearerAuthMiddleware:
    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        header = headers.get("authorization")
        cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE)
        given = query_token(scope) if scope["path"] == DASHBOARD else None
        if given is not None and same_token(given, self.token):
            await dashboard_login(self.token)(scope, receive, send)
        elif authorized(header, self.token) or (cookie is not None and same_token(cookie, self.token)):
            await self.app(scope, receive, send)
        else:
            await deny(scope, receive, send, refusal(scope, given, header, cookie))


def refusal(scope: Scope, given: str | None, header: str | None, cookie: str | None) -> Response:
    """The 401 for a request without the right token: a login form at `/`, else a JSON error."""
    if scope["path"] == DASHBOARD:
        # A person at a browser: a form asking for the token rather than a JSON error.
        wrong = given is not None or header is not None or cookie is not None
        return HTMLResponse(LOGIN_PAGE.render(wrong=wrong), status_code=401, headers=LOGIN_PAGE.headers)
    missing = header is None and cookie is None
    detail = "missing bearer token" if missing else "invalid bearer token"
    challenge = 'Bearer realm="hotfolder"'
    if not missing:
        challenge += ', error="invalid_token"'
    return error_response(401, detail, {"WWW-Authenticate": challenge})
