"""Progress from an engine in a real worker process to the pool's events, a few messages a second."""

from __future__ import annotations

import time
from pathlib import Path

from hotfolder.commands.base import FileTask
from hotfolder.commands.registry import Registry
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import PoolEvent, UnitFinished, UnitProgressed, WorkerKey, WorkUnit

KEY = WorkerKey("counting", "eng")


def test_engine_reports_reach_the_parent_throttled(tmp_path: Path) -> None:
    tasks = []
    for index, text in enumerate(["150 0.01", "60 0.01"]):  # 1.5 s and 0.6 s of counting, batched
        path = tmp_path / f"f{index}.txt"
        path.write_text(text)
        tasks.append(FileTask(path.name, path, "eng"))
    unit = WorkUnit("u1", KEY, tuple(tasks), (11, 12), 60)
    pool = LocalPool(Registry({"counting": "tests.pool.reportengine:COMMAND"}), max_workers=1)
    events: list[PoolEvent] = []
    try:
        pool.submit(unit)
        end = time.monotonic() + 60
        while not any(isinstance(e, UnitFinished) for e in events):
            assert time.monotonic() < end, events
            events += pool.poll(0.2)
    finally:
        pool.shutdown(grace_s=0)
    reports = [e for e in events if isinstance(e, UnitProgressed)]
    # 210 reports over about 2.1 s (longer on a loaded machine) arrive as a handful of messages:
    # at most one per 0.25 s, so far fewer than the engine's reports.
    assert 3 <= len(reports) <= 21, len(reports)
    first = [e.counts[0] for e in reports if 0 in e.counts]
    assert first[0] == (1, 150) and all(total == 150 for _, total in first)
    assert [current for current, _ in first] == sorted(current for current, _ in first)
    assert any(1 in e.counts and e.counts[1][1] == 60 for e in reports)  # the second file of the batch reported too
    assert all(e.unit_id == "u1" for e in reports)


def test_a_one_file_unit_has_its_file_in_hand_for_advance(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("30 0.01 advance")  # an engine deep in a pipeline: it knows counts, not the task
    unit = WorkUnit("u2", KEY, (FileTask(path.name, path, "eng"),), (21,), 60)
    pool = LocalPool(Registry({"counting": "tests.pool.reportengine:COMMAND"}), max_workers=1)
    events: list[PoolEvent] = []
    try:
        pool.submit(unit)
        end = time.monotonic() + 60
        while not any(isinstance(e, UnitFinished) for e in events):
            assert time.monotonic() < end, events
            events += pool.poll(0.2)
    finally:
        pool.shutdown(grace_s=0)
    reports = [e.counts for e in events if isinstance(e, UnitProgressed)]
    assert reports and reports[0] == {0: (1, 30)} and all(set(counts) == {0} for counts in reports)
