"""Who can reach the API: loopback binds are private, anything else needs a token or an explicit yes.

Without a token, whoever reaches host:port reads every job's names and results, so
binding beyond loopback without one must be asked for by name
(`api.allow_public_without_token: true`), and is then said at every start.
"""

from __future__ import annotations

import ipaddress

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})


def is_loopback(host: str) -> bool:
    """Whether binding `host` serves this machine only (names are not resolved: only known ones count)."""
    name = host.strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def public_bind_refusal(host: str, token: str | None, allowed: bool) -> str | None:
    """Why serving on `host` is refused (None when it is not): a public bind needs a token or the key."""
    if token is not None or allowed or is_loopback(host):
        return None
    return (
        f"{host!r} is not a loopback address and api.token is not set: anyone who can reach it "
        "could read every job; set api.token, bind 127.0.0.1, or set "
        "api.allow_public_without_token: true to serve it without a token"
    )


def public_bind_warning(host: str, token: str | None, allowed: bool) -> str | None:
    """The warning to log at start when a public bind without a token was allowed."""
    if token is not None or is_loopback(host) or not allowed:
        return None
    return (
        f"the API on {host} has no token (api.allow_public_without_token is true): "
        "anyone who can reach it can read every job and result"
    )
