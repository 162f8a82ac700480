"""Worker liveness decisions, table-tested with a fake clock (plain numbers): no processes."""

from __future__ import annotations

import pytest

from hotfolder.pool.liveness import (
    Alive,
    FileOverdue,
    Hung,
    Limits,
    Verdict,
    may_prefetch,
    next_check_at,
    recycle_due,
    timeout_message,
    worker_verdict,
)

LIMITS = Limits(heartbeat_timeout_s=30, file_timeout_s=1800)


@pytest.mark.parametrize(
    ("last_heartbeat", "file_started", "now", "in_hand", "expected"),
    [
        (100, 90, 100, 1, Alive()),  # just heard from it
        (100, None, 129.9, 1, Alive()),  # idle, silent for less than the timeout
        (100, None, 130, 1, Hung(30)),  # idle and silent for the timeout: hung too
        (100, 90, 131, 1, Hung(31)),
        (2000, 0, 2000, 1, FileOverdue(2000)),  # beating, but the file in hand is past its deadline
        (1799, 0, 1799.9, 1, Alive()),
        (1800, 0, 1800, 1, FileOverdue(1800)),  # the deadline itself counts as overdue
        (3000, 0, 3000, 2, Alive()),  # a batch engine with 2 files in hand: 2 x the deadline
        (3600, 0, 3600, 2, FileOverdue(3600)),
        (100, 0, 2000, 1, Hung(1900)),  # silent and overdue: the silence is what is reported
        (100, 0, 120, 0, Alive()),  # nothing reported in hand yet counts as one file
    ],
)
def test_worker_verdict(last_heartbeat: float, file_started: float | None, now: float, in_hand: int, expected: Verdict) -> None:
    assert worker_verdict(last_heartbeat, file_started, now, LIMITS, in_hand) == expected


@pytest.mark.parametrize(
    ("last_heartbeat", "file_started", "in_hand", "expected"),
    [
        (100, None, 1, 130),  # only the heartbeat can run out
        (100, 0, 1, 130),  # the heartbeat runs out before the file's deadline
        (1790, 0, 1, 1800),  # the file's deadline comes first
        (1790, 0, 3, 1820),  # three files in hand: their shared deadline is 5400, the beat runs out first
    ],
)
def test_next_check_is_when_the_verdict_could_change(last_heartbeat: float, file_started: float | None, in_hand: int, expected: float) -> None:
    at = next_check_at(last_heartbeat, file_started, LIMITS, in_hand)
    assert at == expected
    assert isinstance(worker_verdict(last_heartbeat, file_started, at - 0.001, LIMITS, in_hand), Alive)
    assert not isinstance(worker_verdict(last_heartbeat, file_started, at, LIMITS, in_hand), Alive)


@pytest.mark.parametrize(
    ("units_run", "max_units", "recycle", "prefetch"),
    [(0, 0, False, True), (10_000, 0, False, True), (1, 2, False, True), (2, 2, True, False), (3, 2, True, False), (1, 1, True, False)],
)
def test_recycling(units_run: int, max_units: int, recycle: bool, prefetch: bool) -> None:
    assert recycle_due(units_run, max_units) is recycle
    assert may_prefetch(units_run, max_units) is prefetch  # never hand a unit to a worker about to retire


def test_messages_say_what_happened() -> None:
    assert timeout_message(Hung(31.2), 42, "a.cha") == "no heartbeat from worker 42 for 31 s (hung or stopped); killed"
    assert timeout_message(FileOverdue(1800.4), 42, "a.cha") == "a.cha still running after 1800 s (pool.file_timeout_s); worker 42 killed"
