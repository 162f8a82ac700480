"""The MemoryExecutor beyond the shared contract: exact timing on a fake clock, batches, deferral, capacity."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.inmemory import Crash, Hang, MemoryExecutor, Reply, Takes
from hotfolder.pool.units import UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit

KEY = WorkerKey("test", "eng")
OK = FileResult([FileOutput("x", b"ok")])
BAD = FileFailure("bad", FailureCategory.VALIDATION)  # exceptions compare by identity: one instance


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


def unit(tmp_path: Path, uid: str, names: list[str], timeout_s: float = 10) -> WorkUnit:
    tasks = tuple(FileTask(n, tmp_path / n, "eng") for n in names)
    return WorkUnit(uid, KEY, tasks, tuple(range(1, len(names) + 1)), timeout_s)


def replies(table: dict[str, Reply]) -> MemoryExecutor:
    clock = Clock()
    return MemoryExecutor(lambda task: table[task.display_path], clock=clock)


# name -> (replies per file, fake seconds to poll at, the event expected at the last poll)
BATCHES: dict[str, tuple[dict[str, Reply], list[float], object]] = {
    "immediate outcomes end the unit in its first poll": (
        {"a": OK, "b": BAD}, [0], UnitFinished("u", [OK, BAD])),
    "a slow file is not done a moment early": ({"a": Takes(5, OK)}, [0, 4.999], None),
    "a slow file is done on time": ({"a": Takes(5, OK)}, [0, 5], UnitFinished("u", [OK])),
    "times add up across a batch": ({"a": Takes(2, OK), "b": Takes(3, OK)}, [0, 4.9, 5], UnitFinished("u", [OK, OK])),
    "a crash keeps earlier outcomes and charges the file in hand": (
        {"a": OK, "b": Crash(), "c": OK}, [0],
        UnitFailed("u", FailureCategory.WORKER_CRASH, "worker killed by SIGKILL", done={0: OK}, charged=(1,))),
    "a hang times out after timeout_s of its own": (
        {"a": Takes(4, OK), "b": Hang()}, [0, 13.9, 14],
        UnitFailed("u", FailureCategory.WORKER_TIMEOUT, "b still running after 10 s (pool.file_timeout_s); worker 4000001 killed",
                   done={0: OK}, charged=(1,))),
}


@pytest.mark.parametrize(("table", "polls", "last"), BATCHES.values(), ids=BATCHES.keys())
def test_a_batch_on_a_fake_clock(tmp_path: Path, table: dict[str, Reply], polls: list[float], last: object) -> None:
    executor = replies(table)
    clock = executor.clock
    assert isinstance(clock, Clock)
    executor.submit(unit(tmp_path, "u", list(table)))
    events: list[object] = []
    for at in polls:
        clock.now = at
        events = [e for e in executor.poll(0) if not isinstance(e, UnitStarted)]
    assert events == ([last] if last is not None else [])


def test_deferred_once_then_started_when_admitted(tmp_path: Path) -> None:
    held = ["at the reserve"]
    executor = MemoryExecutor(lambda task: OK, defer=lambda u: held[0] if held else None)
    executor.submit(unit(tmp_path, "u", ["a"]))
    assert executor.poll(0) == [UnitDeferred("u", "at the reserve")]
    assert executor.poll(0) == []  # reported once, still waiting
    held.clear()
    assert executor.poll(0) == [UnitStarted("u", 4_000_001), UnitFinished("u", [OK])]


def test_capacity_and_cancel_of_a_queued_unit(tmp_path: Path) -> None:
    executor = MemoryExecutor(lambda task: Takes(10, OK), max_workers=1)
    for uid in ("u1", "u2"):
        executor.submit(unit(tmp_path, uid, ["a"]))
    assert executor.poll(0) == [UnitStarted("u1", 4_000_001)]
    assert (executor.stats().busy_workers, executor.stats().pending_units) == (1, 1)
    executor.cancel("u2")
    assert executor.poll(0) == [UnitCancelled("u2")]
    assert executor.shutdown(grace_s=0) == ["u1"]
