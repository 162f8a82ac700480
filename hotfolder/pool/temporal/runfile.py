"""What a running unit looks like from the lab server: which machine and engine process run it, how far they are.

The worker machine keeps `<unit_id>/run/<attempt>.json` under `shared_staging` up to date
(rewritten atomically: at once when the engine starts, then at most every `WRITE_S`): its identity, the engine's pid, and the
engine's progress counts per task. The lab server reads it every `READ_S` for the units in
flight: the first read opens the files' attempts with the real pid, later ones forward the
progress to the ledger as the local pool's progress reports do. No Temporal round trip: a
heartbeat's details would cost a describe call per unit and poll.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

WRITE_S = 1.0  # the ledger keeps at most one progress write per file a second (reporting.py): no need for more
READ_S = 0.5
Counts = dict[int, tuple[int, int]]


@dataclass(frozen=True)
class RunReport:
    host: str
    pid: int
    counts: Counts = field(default_factory=dict)


def write_run(root: Path, unit_id: str, attempt: str, report: RunReport) -> None:
    """Replace the attempt's run file; nothing when the unit's folder is gone (the lab server already applied or cancelled it)."""
    folder = root / unit_id / "run"
    try:
        folder.mkdir(exist_ok=True)  # not parents: a unit discarded meanwhile must not be created again
    except FileNotFoundError:
        return
    body = {"host": report.host, "pid": report.pid, "counts": {str(i): list(c) for i, c in report.counts.items()}}
    temporary = folder / f".{attempt}.tmp"
    temporary.write_text(json.dumps(body))
    os.replace(temporary, folder / f"{attempt}.json")


def read_run(root: Path, unit_id: str, token: str) -> RunReport | None:
    """The newest run file of an attempt of `token` (the lab server's current one), None while there is none.

    A file half-written by another client's mount, or not ours, reads as none: the next read sees it whole.
    """
    folder = root / unit_id / "run"
    newest: tuple[float, Path] | None = None
    with contextlib.suppress(FileNotFoundError):
        for entry in os.scandir(folder):
            if entry.name.startswith(f"{token}-") and entry.name.endswith(".json"):
                with contextlib.suppress(FileNotFoundError):
                    mtime = entry.stat().st_mtime
                    if newest is None or mtime > newest[0]:
                        newest = (mtime, Path(entry.path))
    if newest is None:
        return None
    try:
        data = json.loads(newest[1].read_text())
        counts = {int(i): (int(c[0]), int(c[1])) for i, c in data["counts"].items()}
        return RunReport(str(data["host"]), int(data["pid"]), counts)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
