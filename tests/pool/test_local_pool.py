"""LocalPool specifics (warm reuse, max_workers); the generic contract is in test_executor_contract.py."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from tests.support.testengine import LOADS_ENV, REGISTRY_ENTRIES

KEY = WorkerKey("test", "eng")


@pytest.fixture
def pool():
    p = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=2, worker_idle_s=60)
    yield p
    p.shutdown(grace_s=0)


def unit_for(tmp_path: Path, text: str, *, key: WorkerKey = KEY, timeout_s: float = 30) -> WorkUnit:
    path = tmp_path / f"{uuid.uuid4().hex}.txt"
    path.write_text(text)
    task = FileTask(path.name, path, key.lang)
    return WorkUnit(uuid.uuid4().hex, key, (task,), (1,), timeout_s)


def run_until(pool: LocalPool, unit_ids: set[str], deadline_s: float = 60) -> dict[str, PoolEvent]:
    """Poll until every unit has a terminal event; return them by unit id."""
    done: dict[str, PoolEvent] = {}
    end = time.monotonic() + deadline_s
    while set(done) != unit_ids:
        assert time.monotonic() < end, f"units not finished: {unit_ids - set(done)}"
        for event in pool.poll(0.5):
            if not isinstance(event, UnitStarted):
                done[event.unit_id] = event
    return done


def test_unit_runs_and_worker_is_reused(pool: LocalPool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loads = tmp_path / "loads"
    monkeypatch.setenv(LOADS_ENV, str(loads))
    first = unit_for(tmp_path, "sleep 0.01\n")
    pool.submit(first)
    events = run_until(pool, {first.id})
    result = events[first.id]
    assert isinstance(result, UnitFinished)
    outcome = result.outcomes[0]
    assert isinstance(outcome, FileResult)
    assert outcome.outputs[0].data.endswith(b"ok\n")
    second = unit_for(tmp_path, "sleep 0.01\n")
    pool.submit(second)
    again = run_until(pool, {second.id})[second.id]
    assert isinstance(again, UnitFinished)
    assert again.outcomes[0].notes["pid"] == outcome.notes["pid"]  # type: ignore[union-attr]
    assert len(loads.read_text().splitlines()) == 1  # the engine loaded once


def test_max_workers_caps_parallelism(tmp_path: Path) -> None:
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=1, worker_idle_s=60)
    try:
        units = [unit_for(tmp_path, "sleep 0.05\n", key=WorkerKey("test", lang)) for lang in ("eng", "fra", "eng")]
        for unit in units:
            pool.submit(unit)
        peak = 0
        done: set[str] = set()
        end = time.monotonic() + 90
        while len(done) < 3:
            assert time.monotonic() < end
            for event in pool.poll(0.2):
                if isinstance(event, UnitFinished):
                    done.add(event.unit_id)
            peak = max(peak, len(pool.workers))
        assert peak == 1
    finally:
        pool.shutdown(grace_s=0)


def test_next_unit_waits_in_the_worker_and_goes_back_if_it_dies(tmp_path: Path) -> None:
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=1, worker_idle_s=60)
    try:
        first, second, third = (unit_for(tmp_path, text) for text in ("sleep 1\n", "crash SIGKILL\n", "sleep 0\n"))
        for unit in (first, second, third):
            pool.submit(unit)
        events = run_until(pool, {first.id, second.id, third.id})
        assert isinstance(events[first.id], UnitFinished)
        assert isinstance(events[second.id], UnitFailed)  # crashed as the prefetched unit, reported as its own crash
        assert isinstance(events[third.id], UnitFinished)  # was queued behind the crash: put back, not lost
    finally:
        pool.shutdown(grace_s=0)


def test_cancelling_a_prefetched_unit_drops_its_result(tmp_path: Path) -> None:
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=1, worker_idle_s=60)
    try:
        first, second = unit_for(tmp_path, "sleep 1\n"), unit_for(tmp_path, "sleep 0\n")
        pool.submit(first)
        pool.submit(second)
        end = time.monotonic() + 60
        while pool.workers == [] or pool.workers[0].next is None:
            assert time.monotonic() < end
            pool.poll(0.1)
        pool.cancel(second.id)
        events = run_until(pool, {first.id, second.id})
        assert isinstance(events[second.id], UnitCancelled)
        assert isinstance(events[first.id], UnitFinished)
        for _ in range(15):  # the dropped unit's result never surfaces
            assert not any(getattr(e, "unit_id", None) == second.id for e in pool.poll(0.1))
    finally:
        pool.shutdown(grace_s=0)


def test_a_short_unit_goes_to_a_second_worker_not_behind_a_long_one(tmp_path: Path) -> None:
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=2, worker_idle_s=60)
    try:
        long = unit_for(tmp_path, "sleep 6\n")
        pool.submit(long)
        started: dict[str, int] = {}
        end = time.monotonic() + 60
        while long.id not in started:
            assert time.monotonic() < end
            started |= {e.unit_id: e.worker_pid for e in pool.poll(0.2) if isinstance(e, UnitStarted)}
        short = unit_for(tmp_path, "sleep 0\n")
        pool.submit(short)  # the first worker is busy: a second one starts for it
        finished: dict[str, float] = {}
        while short.id not in finished:
            assert time.monotonic() < end
            for event in pool.poll(0.2):
                if isinstance(event, UnitStarted):
                    started[event.unit_id] = event.worker_pid
                elif isinstance(event, UnitFinished):
                    finished[event.unit_id] = time.monotonic()
        assert long.id not in finished, "the short unit waited for the long one"
        assert started[short.id] != started[long.id]
    finally:
        pool.shutdown(grace_s=0)
