"""`Daemon.step()` in one process, as tables: what each outcome does to the ledger and the folders.

Real inbox, outbox, failed/ and staging folders and a real SQLite ledger; the executor is a
MemoryExecutor and time a fake clock (tests/daemon/harness.py), so no test waits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from hotfolder.daemon.decide import MEMORY_BACKOFF_S
from hotfolder.errors import FailureCategory
from hotfolder.ledger import FileStatus, JobStatus
from hotfolder.pool.inmemory import Crash
from tests.daemon.harness import Harness


@dataclass(frozen=True)
class Ends:
    """How one dropped file `a.txt` ends, and what the daemon counted on the way."""

    script: str
    status: FileStatus
    attempts: int
    job: JobStatus
    category: str | None = None
    retried: int = 0
    forced: int = 0
    crashes: int = 0
    min_fake_s: float = 0.0  # at least this much fake time passed (backoffs, timeouts, deferrals)


OUTCOMES: dict[str, Ends] = {
    "a result is written, the job completes": Ends("ok", FileStatus.DONE, 1, JobStatus.COMPLETED),
    "a slow file completes once its time has passed": Ends("sleep 20", FileStatus.DONE, 1, JobStatus.COMPLETED, min_fake_s=20),
    "a crash is retried after 1 s": Ends("crash\nok", FileStatus.DONE, 2, JobStatus.COMPLETED, retried=1, crashes=1, min_fake_s=1),
    "two crashes back off 1 s then 2 s": Ends("crash\ncrash\nok", FileStatus.DONE, 3, JobStatus.COMPLETED, retried=2, crashes=2, min_fake_s=3),
    "a hang times out and is retried": Ends("hang\nok", FileStatus.DONE, 2, JobStatus.COMPLETED, retried=1, min_fake_s=5),
    "a transient provider error is retried": Ends("fail provider_transient flaky\nok", FileStatus.DONE, 2, JobStatus.COMPLETED, retried=1),
    "memory shedding requeues without charging an attempt": Ends(
        "shed\nok", FileStatus.DONE, 1, JobStatus.COMPLETED, min_fake_s=MEMORY_BACKOFF_S),
    "a crash every time is a forced failure after max_attempts": Ends(
        "crash", FileStatus.ERROR, 3, JobStatus.FAILED, "worker_crash", retried=2, forced=1, crashes=3),
    "bad input fails at once, not retried": Ends("fail validation no @End", FileStatus.ERROR, 1, JobStatus.FAILED, "validation"),
    "a result that cannot be written is a system failure, not retried": Ends("badoutput", FileStatus.ERROR, 1, JobStatus.FAILED, "system"),
    "a hang every time fails as a timeout": Ends("hang", FileStatus.ERROR, 3, JobStatus.FAILED, "worker_timeout", retried=2, forced=1),
}


@pytest.mark.parametrize("case", OUTCOMES.values(), ids=OUTCOMES.keys())
def test_one_file_from_drop_to_release(tmp_path: Path, case: Ends) -> None:
    h = Harness(tmp_path, file_timeout_s=5)
    original = h.drop("a.txt", case.script)

    h.until(h.ended)

    job, (record,) = h.job(), h.files()
    assert (record.status, record.attempts, record.error_category, job.status) == (case.status, case.attempts, case.category, case.job)
    assert (h.daemon.results.retried, h.daemon.results.forced_terminal, h.executor.stats().worker_crashes) == (case.retried, case.forced, case.crashes)
    assert h.clock.elapsed >= case.min_fake_s
    assert not original.exists()  # released: the inbox original is gone either way
    assert json.loads((h.outbox / "a.receipt.json").read_text())["job_id"] == job.id
    if case.status == FileStatus.DONE:
        assert (h.outbox / "a.txt").read_text() == case.script + "\nok\n"
        assert not h.failed.exists() or not any(h.failed.iterdir())
    else:
        assert not (h.outbox / "a.txt").exists()
        assert (h.failed / "a" / "a.txt").read_text() == case.script + "\n"  # the input kept for the operator
        reason = json.loads((h.failed / "a" / "a.txt.error.json").read_text())
        assert (reason["category"], reason["attempts"]) == (case.category, case.attempts)
        # A bug report only for what is our fault or the engine's, not the input's.
        reported = reason["bug_report_id"] is not None
        assert reported == (case.category in ("system", "worker_crash"))
        assert not reported or (tmp_path / "state" / "bug-reports" / f"{reason['bug_report_id']}.json").exists()
    staged = any((tmp_path / "state" / "staging").iterdir())
    assert staged == (case.status == FileStatus.ERROR)  # a failed job keeps its staged copy for `hotfolder restart`


# A batching command (batch_size 32): three drops claimed together run as one unit.
BATCHES: dict[str, tuple[tuple[str, str, str], dict[str, int]]] = {
    "all succeed in one unit": (("ok", "ok", "ok"), {"a.txt": 1, "b.txt": 1, "c.txt": 1}),
    # The crash is charged to the file in hand only: the one before keeps its result, the one after never started.
    "a crash mid-batch charges only the file in hand": (("ok", "crash\nok", "ok"), {"a.txt": 1, "b.txt": 2, "c.txt": 1}),
    "a timeout mid-batch charges only the file in hand": (("ok", "hang\nok", "ok"), {"a.txt": 1, "b.txt": 2, "c.txt": 1}),
    "shedding a batch charges nobody": (("shed\nok", "ok", "ok"), {"a.txt": 1, "b.txt": 1, "c.txt": 1}),
}


@pytest.mark.parametrize(("scripts", "attempts"), BATCHES.values(), ids=BATCHES.keys())
def test_a_batch(tmp_path: Path, scripts: tuple[str, str, str], attempts: dict[str, int]) -> None:
    h = Harness(tmp_path, command="utseg", file_timeout_s=5)
    for name, script in zip(attempts, scripts):
        h.drop(name, script)

    h.until(h.ended)

    first = h.executor.submitted[0]
    assert [t.display_path for t in first.tasks] == ["a.txt", "b.txt", "c.txt"]
    assert {name: h.file(name).attempts for name in attempts} == attempts
    assert all(h.file(name).status == FileStatus.DONE for name in attempts)
    assert sorted(p.name for p in h.outbox.glob("*.txt")) == ["a.txt", "b.txt", "c.txt"]


def test_a_bundle_with_one_bad_file_completes_with_an_error_file(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.drop("PWA/a.txt", "ok")
    h.drop("PWA/b.txt", "fail parse_error line 1")

    h.until(h.ended)

    assert (h.job().status, h.job().bundle_kind) == (JobStatus.COMPLETED, "folder")
    assert {f.filename: f.status for f in h.files()} == {"PWA/a.txt": FileStatus.DONE, "PWA/b.txt": FileStatus.ERROR}
    assert (h.outbox / "PWA" / "a.txt").exists() and not (h.outbox / "PWA" / "b.txt").exists()
    assert (h.failed / "PWA" / "b.txt").exists()


# How an engine that never loads ends a file: (why, attempts, forced terminal).
NO_ENGINE: dict[str, tuple[Crash, int, int]] = {
    "an engine that raises while loading fails the file at once": (
        Crash("coref engine did not load: model file is corrupt", FailureCategory.PROVIDER_TERMINAL), 1, 0),
    "a worker that dies while loading is retried, then fails": (
        Crash("worker killed by SIGKILL while loading the coref engine", FailureCategory.WORKER_CRASH), 3, 1),
}


@pytest.mark.parametrize(("why", "attempts", "forced"), NO_ENGINE.values(), ids=NO_ENGINE.keys())
def test_an_engine_that_does_not_load(tmp_path: Path, why: Crash, attempts: int, forced: int) -> None:
    # Before: the unit failed before it started, its file stayed queued and was dispatched again every step, for ever.
    h = Harness(tmp_path)
    h.executor.load_error = lambda key: why
    h.drop("a.txt", "ok")

    h.until(h.ended)
    h.step(20)

    assert len(h.executor.submitted) == attempts
    (record,) = h.files()
    assert (record.status, record.attempts, record.error_category, record.error) == (FileStatus.ERROR, attempts, str(why.category), why.message)
    assert (h.job().status, h.daemon.results.forced_terminal) == (JobStatus.FAILED, forced)


def test_with_an_archive_the_inputs_move_there(tmp_path: Path) -> None:
    h = Harness(tmp_path, archive=True)
    original = h.drop("PWA/a.txt", "ok")

    h.until(h.ended)

    assert (tmp_path / "archive" / "PWA" / "a.txt").read_text() == "ok\n"
    assert not original.exists() and not original.parent.exists()  # the emptied bundle folder goes too


def test_a_workers_peak_is_recorded_under_its_worker_key(tmp_path: Path) -> None:
    """Budgets are learned per (command, language, options): a Japanese morphotag worker's peak must
    not become every morphotag worker's budget. Kept across a restart, as before."""
    h = Harness(tmp_path)
    h.executor.peak_rss_mb = 321.0
    h.drop("a.txt", "ok")
    h.until(h.ended)
    (key,) = {str(unit.key) for unit in h.executor.submitted}
    assert key.startswith("coref:") and h.daemon.ledger.learned_budgets() == {key: 321.0}
    h.restart_daemon(clean=True)
    assert h.daemon.ledger.learned_budgets() == {key: 321.0}
