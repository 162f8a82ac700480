"""Which web pages may open `/ws` from a browser: the WebSocket's own guard, since CORS does not cover it.

A browser lets any page open a WebSocket to any address, sending the page's `Origin`;
without a check a page elsewhere could read every job from a lab's localhost. So a
browser's connection is answered when its origin is this server's own host, a name
the Host guard answers (hotfolder.api.hosts, without a token), or one of
`api.cors_origins`. Clients that are not browsers send no `Origin` and pass.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from hotfolder.api.hosts import host_allowed, host_name


def origin_allowed(
    origin: str | None, host: str | None, allowed: frozenset[str] | None, cors_origins: frozenset[str]
) -> bool:
    """Whether a WebSocket handshake with this `Origin` and `Host` may proceed (`allowed`: None with a token)."""
    if origin is None:
        return True
    origin = origin.strip().rstrip("/").lower()
    if origin in cors_origins:
        return True
    try:
        name = urlsplit(origin).hostname
    except ValueError:
        return False
    if not name:
        return False  # "null" (a sandboxed frame, a file: page)
    if host is not None and name == host_name(host):
        return True
    return allowed is not None and host_allowed(name, allowed)
