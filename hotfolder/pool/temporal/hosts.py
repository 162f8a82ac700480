"""The worker machines seen: each writes a small report under `shared_staging/.hosts/` every heartbeat.

The lab server reads them for /health (capabilities and last heartbeat) without asking Temporal.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

BOARD = ".hosts"


@dataclass(frozen=True)
class HostReport:
    identity: str
    hostname: str
    pid: int
    queues: list[str]  # the task queues it polls: its capabilities as (command, language, memory class)
    max_workers: int
    memory_total_mb: int
    memory_available_mb: int
    busy_units: int
    last_heartbeat: float  # wall clock of the worker machine
    units_done: int = 0
    deferrals: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def write_report(root: Path, report: HostReport) -> None:
    """Atomically: a reader never sees half a report."""
    board = root / BOARD
    board.mkdir(parents=True, exist_ok=True)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in report.identity)
    temporary = board / f".{safe}.tmp"
    temporary.write_text(json.dumps(asdict(report)))
    os.replace(temporary, board / f"{safe}.json")


def read_reports(root: Path, now: float | None = None, forget_after_s: float = 3600.0) -> list[HostReport]:
    """Reports newer than `forget_after_s`, newest first; unreadable ones are skipped (a machine mid-write)."""
    now = time.time() if now is None else now
    reports = []
    board = root / BOARD
    if not board.is_dir():
        return []
    for path in board.glob("*.json"):
        try:
            report = HostReport(**json.loads(path.read_text()))
        except (OSError, ValueError, TypeError):
            continue
        if now - report.last_heartbeat <= forget_after_s:
            reports.append(report)
    return sorted(reports, key=lambda r: -r.last_heartbeat)


def is_live(report: HostReport, now: float, stale_after_s: float) -> bool:
    return now - report.last_heartbeat <= stale_after_s
