"""Which `Host` headers the API answers without a token: the guard against DNS rebinding.

A web page elsewhere can point a name it controls at 127.0.0.1 and then read the
API from the victim's browser as "same origin"; its requests still carry that
name as `Host`. Names are therefore checked: localhost names, this machine's name,
the bound name and `api.allowed_hosts` pass, and so does any IP address (a page
cannot rebind a literal address). With a token nothing is checked: a rebinding
page has neither the token nor the dashboard's SameSite cookie.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from functools import lru_cache

from hotfolder.config.exposure import LOOPBACK_NAMES


def normalize(name: str) -> str:
    return name.strip().rstrip(".").lower()


def host_name(header: str) -> str:
    """The name in a Host header, without port or IPv6 brackets."""
    value = header.strip()
    if value.startswith("["):
        return normalize(value[1:].partition("]")[0])
    return normalize(value.rpartition(":")[0] if value.count(":") == 1 else value)


def allowed_names(bind_host: str, configured: Iterable[str]) -> frozenset[str]:
    """The names answered: loopback names, this machine's and the bound one, and the configured ones."""
    names = {*LOOPBACK_NAMES, normalize(socket.gethostname()), normalize(bind_host)}
    names.update(normalize(name) for name in configured)
    return frozenset(name for name in names if name)


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a request with this Host header is answered (no header: an old client, not a browser)."""
    return header is None or _name_allowed(header, allowed)


@lru_cache(maxsize=1024)  # clients send the same few Host values: decide each once
def _name_allowed(header: str, allowed: frozenset[str]) -> bool:
    name = host_name(header)
    if not name or name in allowed or name.endswith(".localhost") or is_ip(name):
        return True
    return any(pattern.startswith("*.") and name.endswith(pattern[1:]) for pattern in allowed)
