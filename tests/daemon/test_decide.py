"""`decide` as a table: every outcome category against the attempts left."""

from __future__ import annotations

import pytest

from hotfolder.commands.base import FileOutput, FileResult
from hotfolder.daemon.decide import MEMORY_BACKOFF_S, Decision, Done, Fail, Retry, decide
from hotfolder.errors import FailureCategory as C
from hotfolder.errors import FileFailure

NOW = 1_796_600_000.0
MAX = 3


def failure(category: C) -> FileFailure:
    return FileFailure(f"{category} happened", category)


OK = FileResult([FileOutput("a.cha", b"@End\n")])

# (outcome, attempts so far including this one, expected decision)
TABLE: list[tuple[str, FileResult | FileFailure, int, Decision]] = [
    ("a result is done", OK, 1, Done()),
    ("a result on the last attempt is done", OK, MAX, Done()),
    ("a crash on the first attempt waits 1 s", failure(C.WORKER_CRASH), 1, Retry(NOW + 1, 1.0)),
    ("a timeout on the second attempt waits 2 s", failure(C.WORKER_TIMEOUT), 2, Retry(NOW + 2, 2.0)),
    ("a transient provider error is retried", failure(C.PROVIDER_TRANSIENT), 1, Retry(NOW + 1, 1.0)),
    ("a crash with no attempt left is a forced failure", failure(C.WORKER_CRASH), MAX, Fail(forced=True)),
    ("a timeout past the limit is a forced failure", failure(C.WORKER_TIMEOUT), MAX + 1, Fail(forced=True)),
    ("memory pressure requeues without charge", failure(C.MEMORY_PRESSURE), 1, Retry(NOW + MEMORY_BACKOFF_S, MEMORY_BACKOFF_S, charge=False)),
    ("memory pressure is never out of attempts", failure(C.MEMORY_PRESSURE), MAX, Retry(NOW + MEMORY_BACKOFF_S, MEMORY_BACKOFF_S, charge=False)),
    ("bad input fails at once", failure(C.VALIDATION), 1, Fail()),
    ("a parse error fails at once", failure(C.PARSE_ERROR), 1, Fail()),
    ("a missing input fails at once", failure(C.INPUT_MISSING), 1, Fail()),
    ("a terminal provider error fails at once", failure(C.PROVIDER_TERMINAL), 1, Fail()),
    ("a protocol error fails at once", failure(C.WORKER_PROTOCOL), 1, Fail()),
    ("a system error fails at once", failure(C.SYSTEM), 1, Fail()),
    ("a cancel fails at once", failure(C.CANCELLED), 1, Fail()),
]


@pytest.mark.parametrize(("outcome", "attempts", "expected"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_decide(outcome: FileResult | FileFailure, attempts: int, expected: Decision) -> None:
    assert decide(outcome, attempts, MAX, NOW) == expected


@pytest.mark.parametrize(("attempts", "delay"), [(1, 1.0), (2, 2.0), (3, 4.0), (7, 60.0), (50, 60.0)])
def test_backoff_doubles_and_is_capped(attempts: int, delay: float) -> None:
    assert decide(failure(C.WORKER_CRASH), attempts, 100, NOW) == Retry(NOW + delay, delay)


def test_every_category_has_a_row() -> None:
    covered = {row[1].category for row in TABLE if isinstance(row[1], FileFailure)}
    assert covered == set(C)
