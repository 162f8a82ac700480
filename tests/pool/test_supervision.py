"""Real worker processes that hang, stop or retire: heartbeats, per-file deadlines, recycling."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import PoolEvent, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from tests.pool.streamengine import REGISTRY_ENTRIES

STREAM = WorkerKey("stream", "eng")
HEARTBEAT_S, HEARTBEAT_TIMEOUT_S = 0.2, 2.0
SLACK_S = 4.0  # a shared, busy test machine: detection may lag by a poll or a loaded scheduler


def make_pool(**overrides: float) -> LocalPool:
    settings: dict[str, float] = {"heartbeat_s": HEARTBEAT_S, "heartbeat_timeout_s": HEARTBEAT_TIMEOUT_S, "worker_max_units": 0}
    settings.update(overrides)
    return LocalPool(
        Registry(REGISTRY_ENTRIES), max_workers=1, worker_idle_s=60, heartbeat_s=settings["heartbeat_s"],
        heartbeat_timeout_s=settings["heartbeat_timeout_s"], worker_max_units=int(settings["worker_max_units"]),
    )


@pytest.fixture
def pool() -> Iterator[LocalPool]:
    made = make_pool()
    yield made
    made.shutdown(grace_s=0)


def unit_of(tmp_path: Path, texts: list[str], *, key: WorkerKey = STREAM, timeout_s: float = 60) -> WorkUnit:
    tasks = []
    for index, text in enumerate(texts):
        path = tmp_path / f"{uuid.uuid4().hex[:8]}-{index:02d}.txt"
        path.write_text(text)
        tasks.append(FileTask(path.name, path, key.lang))
    return WorkUnit(uuid.uuid4().hex, key, tuple(tasks), tuple(range(len(tasks))), timeout_s)


def run_one(pool: LocalPool, unit: WorkUnit, deadline_s: float = 60) -> tuple[PoolEvent, float]:
    """Submit `unit`, wait for its end; returns the event and the seconds since it started in a worker."""
    pool.submit(unit)
    started: float | None = None
    end = time.monotonic() + deadline_s
    while True:
        assert time.monotonic() < end, "unit did not end"
        for event in pool.poll(0.1):
            if isinstance(event, UnitStarted) and event.unit_id == unit.id:
                started = time.monotonic()
            elif event.unit_id == unit.id:
                assert started is not None
                return event, time.monotonic() - started


def assert_only_file_charged(event: PoolEvent, index: int, count: int, category: FailureCategory) -> UnitFailed:
    assert isinstance(event, UnitFailed), event
    assert event.category == category
    assert sorted(event.done) == list(range(index))  # the files before it finished and keep their outcome
    assert all(isinstance(o, FileResult) for o in event.done.values())
    assert [i for i in range(count) if event.charges(i)] == [index]  # those after it were never started
    return event


def the_rest_complete(pool: LocalPool, unit: WorkUnit, first: int) -> None:
    """Files not started go back to the queue (as the daemon does) and finish in a fresh worker."""
    rest = WorkUnit(uuid.uuid4().hex, unit.key, unit.tasks[first:], unit.file_ids[first:], unit.timeout_s)
    event, _ = run_one(pool, rest)
    assert isinstance(event, UnitFinished)
    assert all(isinstance(o, FileResult) for o in event.outcomes) and len(event.outcomes) == len(rest.tasks)


def test_a_hang_holding_the_gil_mid_unit_is_caught_by_the_heartbeat(pool: LocalPool, tmp_path: Path) -> None:
    texts = ["sleep 0\n"] * 32
    texts[15] = "gil_hang\n"
    unit = unit_of(tmp_path, texts)  # file_timeout_s 60: only the silence can catch it in time
    event, elapsed = run_one(pool, unit)
    failed = assert_only_file_charged(event, 15, 32, FailureCategory.WORKER_TIMEOUT)
    assert "no heartbeat" in failed.message and failed.detail["hung"] is True
    assert failed.detail["files_in_hand"] == unit.tasks[15].display_path
    assert HEARTBEAT_TIMEOUT_S <= elapsed < HEARTBEAT_TIMEOUT_S + SLACK_S
    assert pool.stats().worker_timeouts == 1
    the_rest_complete(pool, unit, 16)


def test_a_sleeping_hang_mid_unit_is_caught_by_the_file_deadline(pool: LocalPool, tmp_path: Path) -> None:
    texts = ["sleep 0.05\n"] * 32
    texts[20] = "hang\n"  # time.sleep releases the GIL: the heartbeat goes on, the deadline catches it
    unit = unit_of(tmp_path, texts, timeout_s=1.5)
    event, elapsed = run_one(pool, unit)
    failed = assert_only_file_charged(event, 20, 32, FailureCategory.WORKER_TIMEOUT)
    assert "still running after" in failed.message and failed.detail["hung"] is False
    assert 20 * 0.05 + 1.5 <= elapsed < 20 * 0.05 + 1.5 + SLACK_S  # the deadline is per file, not 32 x 1.5 s
    the_rest_complete(pool, unit, 21)


def test_a_worker_that_stops_itself_is_found_within_the_heartbeat_timeout(pool: LocalPool, tmp_path: Path) -> None:
    unit = unit_of(tmp_path, ["sleep 0\n", "sleep 0\n", "sigstop\n", "sleep 0\n"])
    event, elapsed = run_one(pool, unit)
    failed = assert_only_file_charged(event, 2, 4, FailureCategory.WORKER_TIMEOUT)
    assert failed.detail["hung"] is True
    assert elapsed < HEARTBEAT_TIMEOUT_S + SLACK_S
    assert pool.workers == []  # killed (SIGKILL works on a stopped process) and forgotten
    the_rest_complete(pool, unit, 3)


def test_a_crash_mid_unit_charges_only_the_file_in_hand(pool: LocalPool, tmp_path: Path) -> None:
    unit = unit_of(tmp_path, ["sleep 0\n"] * 3 + ["crash SIGKILL\n"] + ["sleep 0\n"] * 4)
    event, _ = run_one(pool, unit)
    failed = assert_only_file_charged(event, 3, 8, FailureCategory.WORKER_CRASH)
    assert "SIGKILL" in failed.message


def test_a_batch_engine_shares_one_deadline_over_its_files(tmp_path: Path) -> None:
    """The plain test engine returns a list: every file is in hand at once, so a hang charges them all."""
    pool = make_pool()
    try:
        unit = unit_of(tmp_path, ["sleep 0\n", "hang\n", "sleep 0\n"], key=WorkerKey("test", "eng"), timeout_s=1)
        event, elapsed = run_one(pool, unit)
        assert isinstance(event, UnitFailed) and event.category == FailureCategory.WORKER_TIMEOUT
        assert event.charged == (0, 1, 2) and event.done == {}
        assert 3 <= elapsed < 3 + SLACK_S  # three files in hand together: 3 x file_timeout_s
    finally:
        pool.shutdown(grace_s=0)


def test_workers_are_recycled_after_max_units_and_no_file_fails(tmp_path: Path) -> None:
    pool = make_pool(worker_max_units=2)
    try:
        units = [unit_of(tmp_path, ["sleep 0\n", "sleep 0\n"]) for _ in range(5)]
        for unit in units:
            pool.submit(unit)  # all at once: prefetching must never hand a unit to a worker about to retire
        pids: list[int] = []
        done: set[str] = set()
        end = time.monotonic() + 120
        while len(done) < len(units):
            assert time.monotonic() < end, "units did not finish"
            for event in pool.poll(0.2):
                assert not isinstance(event, UnitFailed), event
                if isinstance(event, UnitFinished):
                    done.add(event.unit_id)
                    outcome = event.outcomes[0]
                    assert isinstance(outcome, FileResult)
                    pids.append(outcome.notes["pid"])
        assert len(set(pids)) == 3  # 2 + 2 + 1 units: a fresh worker after every second unit
        assert all(pids.count(pid) <= 2 for pid in pids)
        stats = pool.stats()
        assert (stats.worker_recycles, stats.worker_crashes, stats.worker_timeouts, stats.worker_starts) == (2, 0, 0, 3)
    finally:
        pool.shutdown(grace_s=0)


def test_a_busy_worker_with_a_long_file_keeps_beating(tmp_path: Path) -> None:
    """A file that takes several heartbeat timeouts, GIL released, is not taken for a hang."""
    pool = make_pool(heartbeat_timeout_s=0.6)
    try:
        event, elapsed = run_one(pool, unit_of(tmp_path, ["sleep 2\n"]))
        assert isinstance(event, UnitFinished), event
        assert elapsed >= 2
        assert pool.stats().worker_timeouts == 0
    finally:
        pool.shutdown(grace_s=0)
