"""What the daemon hands the API when it builds it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from hotfolder.api.limits import DEFAULT_LIMITS, ApiLimits
from hotfolder.api.live import NO_LIVE_FACTS, LiveFacts

# How often a `/jobs/{id}/stream` reads the ledger's events table for news.
STREAM_POLL_S = 0.2
# Server-sent-event comment sent when nothing else was, so proxies keep the stream open.
KEEPALIVE_S = 15.0
# How long a `/media/list` walk of one folder is reused.
MEDIA_CACHE_S = 60.0


def no_live_facts() -> LiveFacts:
    """The default `live` snapshot: the daemon reports nothing beyond the ledger."""
    return NO_LIVE_FACTS


@dataclass(frozen=True, kw_only=True)
class ApiSettings:
    """Everything the read-only API needs; built once by the daemon from its validated config."""

    db_path: Path
    token: str | None
    node_id: str
    version: str
    # Called per /health request, on the server's event loop (so it must not block):
    # the commands whose engines load here.
    capabilities: Callable[[], list[str]]
    # Called per /health and /metrics request, /health's on the event loop (must not block):
    # what the daemon knows live (workers, memory, per-folder watch status); see hotfolder.api.live.
    live: Callable[[], LiveFacts] = field(default=no_live_facts)
    state_dir: Path
    # `/media/list`: the config's media_roots (searched flat) and media_mappings (bank -> root).
    media_roots: tuple[Path, ...] = ()
    media_mappings: Mapping[str, Path] = field(default_factory=dict)
    stream_poll_s: float = STREAM_POLL_S
    keepalive_s: float = KEEPALIVE_S
    media_cache_s: float = MEDIA_CACHE_S
    limits: ApiLimits = DEFAULT_LIMITS  # the stream cap is enforced in the app; the rest by the server
    # Without a token, the Host names answered (see hotfolder.api.hosts): the bound one, the configured ones.
    bind_host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()
