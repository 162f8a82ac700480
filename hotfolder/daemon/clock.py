"""Time as people read it."""

from __future__ import annotations

from datetime import UTC, datetime


def iso(unix_s: float) -> str:
    """ISO 8601 in UTC with seconds, e.g. 2026-11-27T10:00:00Z."""
    return datetime.fromtimestamp(unix_s, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
