"""The executor contract: every executor (local process pool today, a distributed one later) passes these.

Add an executor by adding a factory to EXECUTORS; intake, ledger and outbox
only ever see this interface.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.executor import Executor
from hotfolder.pool.inmemory import Crash, Hang, MemoryExecutor, Reply, Takes
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from tests.support.testengine import REGISTRY_ENTRIES
from tests.temporal.cluster import Cluster

KEY = WorkerKey("test", "eng")


def scripted_verbs(task: FileTask) -> Reply:
    """The test engine's instructions (tests/support/testengine.py) as the memory executor's replies."""
    verb, _, rest = task.input_path.read_text().strip().partition(" ")
    if verb == "crash":
        return Crash()
    if verb == "hang":
        return Hang()
    if verb == "fail":
        category, _, message = rest.partition(" ")
        return FileFailure(message, FailureCategory(category))
    output = FileResult([FileOutput(task.display_path, task.input_path.read_bytes() + b"ok\n")])
    return Takes(float(rest), output) if verb == "sleep" else output


EXECUTORS: dict[str, Callable[[], Executor]] = {
    "local": lambda: LocalPool(Registry(REGISTRY_ENTRIES), max_workers=2, worker_idle_s=60),
    "memory": lambda: MemoryExecutor(scripted_verbs, max_workers=2),
}


@pytest.fixture(params=[*sorted(EXECUTORS), "temporal"])
def executor(request: pytest.FixtureRequest) -> Iterator[Executor]:
    if request.param == "temporal":  # a real dev server and two `hotfolder worker` processes (tests/conftest.py), started when first asked for
        cluster: Cluster = request.getfixturevalue("temporal_cluster")
        made: Executor = cluster.executor()
    else:
        made = EXECUTORS[request.param]()
    yield made
    made.shutdown(grace_s=0)


def unit_for(tmp_path: Path, text: str, *, timeout_s: float = 60) -> WorkUnit:
    path = tmp_path / f"{uuid.uuid4().hex}.txt"
    path.write_text(text)
    return WorkUnit(uuid.uuid4().hex, KEY, (FileTask(path.name, path, "eng"),), (1,), timeout_s)


def run_until(executor: Executor, unit_ids: set[str], deadline_s: float = 60) -> dict[str, PoolEvent]:
    done: dict[str, PoolEvent] = {}
    end = time.monotonic() + deadline_s
    while set(done) != unit_ids:
        assert time.monotonic() < end, f"units not finished: {unit_ids - set(done)}"
        for event in executor.poll(0.5):
            if not isinstance(event, UnitStarted) and event.unit_id in unit_ids:
                done[event.unit_id] = event
    return done


def wait_started(executor: Executor, unit_id: str) -> None:
    end = time.monotonic() + 60
    while not any(isinstance(e, UnitStarted) and e.unit_id == unit_id for e in executor.poll(0.2)):
        assert time.monotonic() < end


class TestExecutorContract:
    def test_runs_a_unit_and_returns_its_outcome(self, executor: Executor, tmp_path: Path) -> None:
        unit = unit_for(tmp_path, "sleep 0\n")
        executor.submit(unit)
        event = run_until(executor, {unit.id})[unit.id]
        assert isinstance(event, UnitFinished)
        result = event.outcomes[0]
        assert isinstance(result, FileResult) and result.outputs[0].data.endswith(b"ok\n")

    def test_bad_input_is_an_outcome(self, executor: Executor, tmp_path: Path) -> None:
        unit = unit_for(tmp_path, "fail parse_error no @End\n")
        executor.submit(unit)
        event = run_until(executor, {unit.id})[unit.id]
        assert isinstance(event, UnitFinished)
        failure = event.outcomes[0]
        assert isinstance(failure, FileFailure) and failure.category == FailureCategory.PARSE_ERROR

    def test_a_dying_worker_is_a_crash(self, executor: Executor, tmp_path: Path) -> None:
        unit = unit_for(tmp_path, "crash SIGKILL\n")
        executor.submit(unit)
        event = run_until(executor, {unit.id})[unit.id]
        assert isinstance(event, UnitFailed) and event.category == FailureCategory.WORKER_CRASH
        assert executor.stats().worker_crashes == 1

    def test_a_hung_unit_times_out(self, executor: Executor, tmp_path: Path) -> None:
        unit = unit_for(tmp_path, "hang\n", timeout_s=1)
        executor.submit(unit)
        event = run_until(executor, {unit.id})[unit.id]
        assert isinstance(event, UnitFailed) and event.category == FailureCategory.WORKER_TIMEOUT

    def test_cancel_running_and_pending(self, executor: Executor, tmp_path: Path) -> None:
        running = unit_for(tmp_path, "sleep 60\n")
        executor.submit(running)
        wait_started(executor, running.id)
        executor.cancel(running.id)
        assert UnitCancelled(running.id) in executor.poll(0)
        assert executor.stats().busy_workers == 0

    def test_shutdown_hands_back_unfinished_units(self, executor: Executor, tmp_path: Path) -> None:
        long = unit_for(tmp_path, "sleep 60\n")
        executor.submit(long)
        wait_started(executor, long.id)
        started = time.monotonic()
        assert executor.shutdown(grace_s=0.5) == [long.id]
        assert time.monotonic() - started < 15

    def test_shutdown_lets_a_short_unit_finish(self, executor: Executor, tmp_path: Path) -> None:
        short = unit_for(tmp_path, "sleep 1\n")
        executor.submit(short)
        wait_started(executor, short.id)
        assert executor.shutdown(grace_s=30) == []
        assert any(isinstance(e, UnitFinished) and e.unit_id == short.id for e in executor.poll(0))
