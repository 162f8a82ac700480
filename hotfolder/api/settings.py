"""What the daemon hands the API when it builds it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def no_live_facts() -> dict[str, Any]:
    """The default `live` snapshot: the daemon reports nothing beyond the ledger."""
    return {}


@dataclass(frozen=True, kw_only=True)
class ApiSettings:
    """Everything the read-only API needs; built once by the daemon from its validated config."""

    db_path: Path
    token: str | None
    node_id: str
    version: str
    # Called per /health request: the commands whose engines load here.
    capabilities: Callable[[], list[str]]
    # Called per /health request: HealthResponse fields the daemon knows live (workers,
    # memory, per-folder watch status as `hotfolders`); see hotfolder.api.health.
    live: Callable[[], dict[str, Any]] = field(default=no_live_facts)
    state_dir: Path
