"""Units of the test engine and a loop that collects their events, for the Temporal tests."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from hotfolder.commands.base import FileTask
from hotfolder.pool.executor import Executor
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitFailed, UnitFinished, WorkerKey, WorkUnit

ENDS = (UnitFinished, UnitFailed, UnitCancelled)

TEST = WorkerKey("test", "eng")


def unit_of(folder: Path, *texts: str, key: WorkerKey = TEST, timeout_s: float = 60) -> WorkUnit:
    tasks = []
    for i, text in enumerate(texts):
        path = folder / f"{uuid.uuid4().hex[:8]}-{i}.txt"
        path.write_text(text)
        tasks.append(FileTask(path.name, path, "eng"))
    return WorkUnit(uuid.uuid4().hex, key, tuple(tasks), tuple(range(1, len(tasks) + 1)), timeout_s)


def collect(executor: Executor, unit_ids: set[str], deadline_s: float = 40, *, seen: dict[str, list[PoolEvent]] | None = None,
            enough: int | None = None) -> dict[str, list[PoolEvent]]:
    """Every event of each unit until each has ended (or `enough` of them), failing with what is missing at the deadline.

    Pass the `seen` of an earlier call to go on collecting where it stopped.
    """
    seen = {u: [] for u in unit_ids} if seen is None else seen
    ended = {u for u, events in seen.items() if any(isinstance(e, ENDS) for e in events)}
    end = time.monotonic() + deadline_s
    while ended != unit_ids and (enough is None or len(ended) < enough):
        assert time.monotonic() < end, f"{len(unit_ids - ended)} unit(s) never ended"
        for event in executor.poll(0.2):
            if event.unit_id in seen:
                seen[event.unit_id].append(event)
                if isinstance(event, ENDS):
                    ended.add(event.unit_id)
    return seen
