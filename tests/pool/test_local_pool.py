"""The local pool with real spawned processes and the test engine."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory, FileFailure
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


@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGSEGV"])
def test_crash_is_reported_and_worker_replaced(pool: LocalPool, tmp_path: Path, signal_name: str) -> None:
    bad = unit_for(tmp_path, f"crash {signal_name}\n")
    pool.submit(bad)
    event = run_until(pool, {bad.id})[bad.id]
    assert isinstance(event, UnitFailed)
    assert event.category == FailureCategory.WORKER_CRASH
    assert signal_name in event.message
    good = unit_for(tmp_path, "sleep 0\n")
    pool.submit(good)
    assert isinstance(run_until(pool, {good.id})[good.id], UnitFinished)
    assert pool.stats().worker_crashes == 1


def test_hung_unit_times_out(pool: LocalPool, tmp_path: Path) -> None:
    hung = unit_for(tmp_path, "hang\n", timeout_s=1.0)
    pool.submit(hung)
    started = time.monotonic()
    event = run_until(pool, {hung.id})[hung.id]
    assert isinstance(event, UnitFailed)
    assert event.category == FailureCategory.WORKER_TIMEOUT
    assert time.monotonic() - started < 20
    assert pool.stats().live_workers == 0


def test_engine_failure_and_bug_are_outcomes_not_crashes(pool: LocalPool, tmp_path: Path) -> None:
    failing = unit_for(tmp_path, "fail validation broken header\n")
    buggy = unit_for(tmp_path, "raise boom\n")
    pool.submit(failing)
    pool.submit(buggy)
    events = run_until(pool, {failing.id, buggy.id})
    first = events[failing.id]
    assert isinstance(first, UnitFinished)
    failure = first.outcomes[0]
    assert isinstance(failure, FileFailure)
    assert (failure.category, failure.codes, failure.line) == (FailureCategory.VALIDATION, ["E999"], 1)
    second = events[buggy.id]
    assert isinstance(second, UnitFinished)
    assert isinstance(second.outcomes[0], FileFailure)
    assert second.outcomes[0].category == FailureCategory.SYSTEM
    assert "boom" in second.tracebacks[0]


def test_cancel_running_unit_kills_its_worker(pool: LocalPool, tmp_path: Path) -> None:
    long = unit_for(tmp_path, "sleep 30\n")
    pool.submit(long)
    end = time.monotonic() + 60
    while not any(isinstance(e, UnitStarted) for e in pool.poll(0.2)):
        assert time.monotonic() < end
    pool.cancel(long.id)
    events = pool.poll(0)
    assert UnitCancelled(long.id) in events
    assert pool.stats().busy_workers == 0


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
