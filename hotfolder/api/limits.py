"""How many clients the API serves at once, and for how long: decided once from the config and the fd limit.

Every connection and every event stream costs the daemon's process file descriptors,
which it also needs for its own loop (inbox scans, the ledger, worker pipes). The
defaults therefore follow the open-file limit, so a burst of clients degrades the API
(503s, closed connections) and never starves the intake.
"""

from __future__ import annotations

import resource
from dataclasses import dataclass

from hotfolder.config.models import ApiConfig

MAX_DEFAULT_CONNECTIONS = 1000
MIN_DEFAULT_CONNECTIONS = 16
RETRY_AFTER_S = 5  # what a refused stream or connection is told to wait


@dataclass(frozen=True)
class ApiLimits:
    max_connections: int  # past this a new connection is closed at once (503); at it, uvicorn answers 503
    max_streams: int  # `/jobs/{id}/stream` open at once; more are answered 503 with Retry-After
    request_timeout_s: float  # a connection must send its request headers within this
    keep_alive_s: int  # an idle keep-alive connection is closed after this
    retry_after_s: int = RETRY_AFTER_S
    # Who may read from a web page elsewhere (CORS for GET, and `/ws`): decided once from the
    # config like the rest of what bounds the API's clients; normalized (lower case, no trailing /).
    cors_origins: tuple[str, ...] = ()

    @property
    def backlog(self) -> int:
        """The listen queue, which is also how many connections asyncio accepts in one go: kept
        small so a burst cannot take many descriptors before the cap closes the extra ones."""
        return max(8, min(128, self.max_connections // 4))


DEFAULT_LIMITS = ApiLimits(max_connections=256, max_streams=128, request_timeout_s=10.0, keep_alive_s=5)


def open_file_limit() -> int:
    """The process's soft RLIMIT_NOFILE (what `ulimit -n` or the unit's LimitNOFILE= set)."""
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY else 1 << 20


def most_connections(nofile: int) -> int:
    """The API never takes more than half the process's descriptors, whatever the config says."""
    return max(MIN_DEFAULT_CONNECTIONS, nofile // 2)


def resolve_limits(config: ApiConfig, nofile: int) -> ApiLimits:
    """The limits for this config at an open-file limit of `nofile`; streams never exceed connections."""
    connections = config.max_connections
    if connections is None:
        connections = max(MIN_DEFAULT_CONNECTIONS, min(MAX_DEFAULT_CONNECTIONS, nofile // 4))
    connections = min(connections, most_connections(nofile))
    streams = config.max_streams if config.max_streams is not None else max(1, connections // 2)
    return ApiLimits(
        max_connections=connections,
        max_streams=min(streams, connections),
        request_timeout_s=config.request_timeout_s,
        keep_alive_s=config.keep_alive_s,
        cors_origins=tuple(origin.strip().rstrip("/").lower() for origin in config.cors_origins),
    )


def lowered_warning(config: ApiConfig, limits: ApiLimits, nofile: int) -> str | None:
    """What to log when the configured api.max_connections did not fit the open-file limit."""
    if config.max_connections is None or limits.max_connections >= config.max_connections:
        return None
    return (
        f"api.max_connections {config.max_connections} lowered to {limits.max_connections}: the open-file "
        f"limit is {nofile} and the daemon keeps half for itself (raise LimitNOFILE= to serve more)"
    )
