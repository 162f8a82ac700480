"""Fencing by attempt token: a result lands once, and only from the current attempt."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.pool.temporal.fencing import Fence, Verdict, judge
from hotfolder.pool.units import UnitFinished, UnitStarted
from tests.temporal.cluster import Cluster
from tests.temporal.helpers import collect, unit_of


@pytest.mark.parametrize(("current", "applied", "token", "verdict"), [
    ("a", False, "a", Verdict.APPLY),
    ("a", True, "a", Verdict.DUPLICATE),
    ("b", False, "a", Verdict.STALE),
    (None, False, "a", Verdict.UNKNOWN),
])
def test_judge(current: str | None, applied: bool, token: str, verdict: Verdict) -> None:
    assert judge(current, applied, token) == verdict


def test_a_new_attempt_makes_the_old_one_stale_and_each_drop_is_counted() -> None:
    fence = Fence()
    old = fence.issue("u1")
    new = fence.issue("u1")
    assert fence.offer("u1", old) == Verdict.STALE
    assert fence.offer("u1", new) == Verdict.APPLY
    assert fence.offer("u1", new) == Verdict.DUPLICATE
    fence.withdraw("u1")
    assert fence.offer("u1", new) == Verdict.UNKNOWN
    assert fence.duplicates_ignored == 3


def test_a_result_delivered_twice_reaches_the_daemon_once(temporal_cluster: Cluster, tmp_path: Path) -> None:
    """Temporal is at-least-once: the same workflow result offered again (a re-attach after an outage) is dropped and counted."""
    executor = temporal_cluster.executor()
    try:
        unit = unit_of(tmp_path, "sleep 0\n")
        executor.submit(unit)
        events = collect(executor, {unit.id})[unit.id]
        assert isinstance(events[-1], UnitFinished)
        assert executor._flights == {}
        token = executor.fence.current[unit.id]
        again = {"token": token, "attempt": "x", "host": "elsewhere", "event": {"kind": "finished", "outcomes": [], "peak_rss_mb": None, "tracebacks": {}}}
        assert executor._deliver(unit.id, again) == Verdict.DUPLICATE
        assert executor._deliver(unit.id, {**again, "token": "an-older-attempt"}) == Verdict.STALE
        assert executor._deliver("a-unit-of-an-earlier-daemon", again) == Verdict.UNKNOWN
        assert executor.poll(0.5) == [] and executor.duplicates_ignored == 3
    finally:
        executor.shutdown(grace_s=0)


def test_every_result_applied_is_of_the_current_attempt(temporal_cluster: Cluster, tmp_path: Path) -> None:
    executor = temporal_cluster.executor()
    try:
        units = [unit_of(tmp_path, "sleep 0\n") for _ in range(6)]
        for unit in units:
            executor.submit(unit)
        events = collect(executor, {u.id for u in units})
        assert all([type(e) for e in events[u.id]] == [UnitStarted, UnitFinished] for u in units)
        assert executor.fence.applied == {u.id for u in units} and executor.duplicates_ignored == 0
    finally:
        executor.shutdown(grace_s=0)
