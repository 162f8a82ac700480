"""Claim, dispatch, cancel, restart, daemon restarts and shutdown, as tables of (action, state after it).

The state after each action is each file's (job status, file status, attempts) in the
ledger. Cancel and restart go through the `hotfolder` CLI in this process, beside the
daemon, as an operator runs them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from hotfolder.ledger import FileStatus as F
from hotfolder.ledger import JobStatus as J
from tests.daemon.harness import Harness

State = dict[str, tuple[J, F, int]]  # file name -> (job status, file status, attempts); {}: no job yet; None: not checked
Action = tuple[str, Callable[[Harness], object]]


def drop(name: str, script: str) -> Action:
    return f"drop {name}", lambda h: h.drop(name, script)


def steps(n: int) -> Action:
    return f"{n} steps", lambda h: h.step(n)


def until_running(*names: str) -> Action:
    def running(h: Harness) -> bool:
        return bool(h.jobs()) and all(any(f.filename == n and f.status == F.PROCESSING for j in h.jobs() for f in h.files(j)) for n in names)

    return f"until {', '.join(names)} run", lambda h: h.until(lambda: running(h))


def until_claimed(name: str) -> Action:
    return f"until {name} is claimed", lambda h: h.until(lambda: any(f.filename == name for j in h.jobs() for f in h.files(j)))


def until_ended() -> Action:
    return "until every job is released", lambda h: h.until(h.ended)


def cli(verb: str, name: str) -> Action:
    return f"hotfolder {verb} ({name})", lambda h: h.cli(verb, h.file(name).job_id)


def kill9() -> Action:
    return "daemon killed, started again", lambda h: h.restart_daemon(clean=False)


def stop(grace_s: float = 0) -> Action:
    return f"daemon stopped (grace {grace_s:g} s), started again", lambda h: h.restart_daemon(clean=True, grace_s=grace_s)


def gate(reason: str | None) -> Action:
    return f"memory gate {'holds' if reason else 'admits'}", lambda h: setattr(h, "deferring", reason)


def do(what: str, act: Callable[[Harness], object]) -> Action:
    return what, act


def check(what: str, predicate: Callable[[Harness], bool]) -> Action:
    def run(h: Harness) -> None:
        assert predicate(h), what

    return f"check {what}", run


RUN_A = until_running("a.txt")
SCENARIOS: dict[str, tuple[str, list[tuple[Action, State | None]]]] = {
    "claim waits for settling, then dispatch, result, release": ("coref", [
        (drop("a.txt", "sleep 50"), {}),
        (steps(1), {}),  # seen once: not settled yet
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (check("the inbox original stays while it runs", lambda h: (h.inbox / "a.txt").exists()), {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("released from the inbox", lambda h: not (h.inbox / "a.txt").exists()), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "cancel while processing stops the unit": ("coref", [
        (drop("a.txt", "sleep 100"), {}),
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (cli("cancel", "a.txt"), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (steps(1), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (check("the unit was cancelled in the executor", lambda h: h.executor.cancelled == [h.executor.submitted[0].id]), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (until_ended(), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (check("nothing in the outbox but the receipt", lambda h: sorted(p.name for p in h.outbox.iterdir()) == ["a.receipt.json"]), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
    ]),
    "restart a cancelled job runs its file again": ("coref", [
        (drop("a.txt", "sleep 100\nok"), {}),
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (cli("cancel", "a.txt"), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (until_ended(), {"a.txt": (J.CANCELLED, F.ERROR, 1)}),
        (cli("restart", "a.txt"), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("failed/ copies of the first end are gone", lambda h: not any(h.failed.iterdir())), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "restart a failed job": ("coref", [
        (drop("a.txt", "fail validation no @End\nok"), {}),
        (until_ended(), {"a.txt": (J.FAILED, F.ERROR, 1)}),
        (check("the input is in failed/", lambda h: (h.failed / "a" / "a.txt").exists()), {"a.txt": (J.FAILED, F.ERROR, 1)}),
        (cli("restart", "a.txt"), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("the result is in the outbox", lambda h: (h.outbox / "a.txt").exists()), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "held by the memory gate, cancelled before it ran": ("coref", [
        (gate("host memory is at its reserve"), {}),
        (drop("a.txt", "ok"), {}),
        (until_claimed("a.txt"), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (steps(1), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (check("the wait was counted", lambda h: h.daemon.deferred == 1 and h.events("job_deferred") == 1), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (cli("cancel", "a.txt"), {"a.txt": (J.CANCELLED, F.ERROR, 0)}),
        (until_ended(), {"a.txt": (J.CANCELLED, F.ERROR, 0)}),
        (check("it never started", lambda h: not h.executor.pending and not h.executor.running and h.executor.stats().worker_starts == 0), {"a.txt": (J.CANCELLED, F.ERROR, 0)}),
    ]),
    "held by the memory gate, runs once it admits": ("coref", [
        (gate("host memory is at its reserve"), {}),
        (drop("a.txt", "ok"), {}),
        (until_claimed("a.txt"), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (steps(10), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (gate(None), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("one wait counted", lambda h: h.daemon.deferred == 1), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "daemon killed mid-file: the file runs again, uncharged": ("coref", [
        (drop("a.txt", "sleep 100\nok"), {}),
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (kill9(), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "daemon stopped mid-file: requeued uncharged, runs after the restart": ("coref", [
        (drop("a.txt", "sleep 100\nok"), {}),
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (stop(grace_s=0), {"a.txt": (J.QUEUED, F.QUEUED, 0)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "a file that ends within the stop's grace is done before the restart": ("coref", [
        (drop("a.txt", "sleep 5"), {}),
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (stop(grace_s=30), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("its output was written", lambda h: (h.outbox / "a.txt").exists()), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
    "a kill after a retry was scheduled keeps the charged attempt": ("coref", [
        (drop("a.txt", "crash\nsleep 100\nok"), {}),
        (until_claimed("a.txt"), {"a.txt": (J.RUNNING, F.QUEUED, 1)}),  # crashed in the step that claimed it
        (RUN_A, {"a.txt": (J.RUNNING, F.PROCESSING, 2)}),
        (kill9(), {"a.txt": (J.QUEUED, F.QUEUED, 1)}),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 2)}),
    ]),
    "a receipt that cannot be written leaves the job open until it can": ("coref", [
        (do("a folder where the receipt goes", lambda h: (h.outbox / "a.receipt.json").mkdir(parents=True)), {}),
        (drop("a.txt", "ok"), {}),
        (until_claimed("a.txt"), {"a.txt": (J.RUNNING, F.DONE, 1)}),
        (steps(10), {"a.txt": (J.RUNNING, F.DONE, 1)}),  # not completed before its receipt is durable
        (check("the input stays in the inbox", lambda h: (h.inbox / "a.txt").exists() and not h.job().released), None),
        (do("the folder removed", lambda h: (h.outbox / "a.receipt.json").rmdir()), None),
        (until_ended(), {"a.txt": (J.COMPLETED, F.DONE, 1)}),
        (check("the receipt was written", lambda h: (h.outbox / "a.receipt.json").is_file()), None),
    ]),
    "cancelling one job of a batch requeues the other uncharged": ("utseg", [
        (drop("a.txt", "sleep 100"), {}),
        (drop("b.txt", "sleep 100\nok"), {}),
        (until_running("a.txt", "b.txt"), {"a.txt": (J.RUNNING, F.PROCESSING, 1), "b.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (cli("cancel", "a.txt"), {"a.txt": (J.CANCELLED, F.ERROR, 1), "b.txt": (J.RUNNING, F.PROCESSING, 1)}),
        (steps(1), {"a.txt": (J.CANCELLED, F.ERROR, 1), "b.txt": (J.RUNNING, F.QUEUED, 0)}),
        (steps(1), {"a.txt": (J.CANCELLED, F.ERROR, 1), "b.txt": (J.RUNNING, F.PROCESSING, 1)}),  # dispatched again at once
        (check("b ran in a unit of its own", lambda h: [t.display_path for t in h.executor.submitted[-1].tasks] == ["b.txt"]), None),
        (until_ended(), {"a.txt": (J.CANCELLED, F.ERROR, 1), "b.txt": (J.COMPLETED, F.DONE, 1)}),
    ]),
}


def state(h: Harness) -> State:
    return {f.filename: (j.status, f.status, f.attempts) for j in h.jobs() for f in h.files(j)}


@pytest.mark.parametrize(("command", "script"), SCENARIOS.values(), ids=SCENARIOS.keys())
def test_scenario(tmp_path: Path, command: str, script: list[tuple[Action, State | None]]) -> None:
    h = Harness(tmp_path, command=command, file_timeout_s=300)
    for (what, act), expected in script:
        act(h)
        if expected is not None:
            assert state(h) == expected, f"after {what}"
    h.daemon.shutdown(grace_s=0)


# Stopped after this many steps of a 2 s file: settling, just claimed and started, mid-file, ended and released.
STOP_POINTS = [(steps_before, clean) for steps_before in (1, 2, 4, 6) for clean in (False, True)]


@pytest.mark.parametrize(("steps_before", "clean"), STOP_POINTS, ids=[f"{'stop' if c else 'kill'}-after-{n}-steps" for n, c in STOP_POINTS])
def test_a_restart_at_any_point_ends_the_file_once(tmp_path: Path, steps_before: int, clean: bool) -> None:
    h = Harness(tmp_path)
    h.drop("a.txt", "sleep 2")
    h.step(steps_before)

    h.restart_daemon(clean=clean)
    h.until(h.ended)

    assert state(h) == {"a.txt": (J.COMPLETED, F.DONE, 1)}  # one job, the interrupted attempt not charged
    assert (h.outbox / "a.txt").read_text() == "sleep 2\nok\n"
    assert sorted(p.name for p in h.outbox.iterdir()) == ["a.receipt.json", "a.txt"]
    assert not any(h.inbox.iterdir()) and not any((tmp_path / "state" / "staging").iterdir())
