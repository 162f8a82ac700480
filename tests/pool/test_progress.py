"""What the parent makes of a worker's reports: which files a failure charges, which go back uncharged."""

from __future__ import annotations

from pathlib import Path

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.progress import UnitProgress
from hotfolder.pool.units import WorkerKey, WorkUnit


def unit(count: int) -> WorkUnit:
    tasks = tuple(FileTask(f"f{i}.cha", Path(f"/staged/f{i}.cha"), "eng") for i in range(count))
    return WorkUnit("u", WorkerKey("stream", "eng"), tasks, tuple(range(100, 100 + count)), 60)


def test_streamed_files_done_before_a_hang_keep_their_outcome_and_only_the_file_in_hand_is_charged() -> None:
    progress = UnitProgress(unit(5), file_started=0)
    progress.on_files(0, 5, now=1)  # the worker always announces the whole unit first
    for index in range(2):
        progress.on_files(index, 1, now=2 + index)
        progress.on_outcome(index, FileResult([]))
    progress.on_files(2, 1, now=10)
    assert (progress.in_hand, progress.file_started, progress.in_hand_names()) == ((2,), 10, "f2.cha")
    failed = progress.failed(FailureCategory.WORKER_TIMEOUT, "hung")
    assert sorted(failed.done) == [0, 1]
    assert [failed.charges(i) for i in range(5)] == [False, False, True, False, False]  # 3 and 4 never started


def test_a_batch_engine_has_every_file_in_hand() -> None:
    progress = UnitProgress(unit(40), file_started=0)
    progress.on_files(0, 40, now=1)
    assert progress.files_in_hand == 40
    assert progress.in_hand_names() == "f0.cha, f1.cha, f2.cha and 37 more"
    failed = progress.failed(FailureCategory.WORKER_CRASH, "SIGSEGV")
    assert all(failed.charges(i) for i in range(40))


def test_nothing_reported_charges_every_file_not_done() -> None:
    failed = UnitProgress(unit(3), file_started=0).failed(FailureCategory.WORKER_CRASH, "died at once")
    assert failed.charged is None and all(failed.charges(i) for i in range(3))


def test_finished_merges_streamed_and_sent_outcomes_and_flags_missing_ones() -> None:
    progress = UnitProgress(unit(3), file_started=0)
    progress.on_outcome(0, FileResult([]))
    whole = progress.finished({1: FileResult([]), 2: FileResult([])}, 10.0, {})
    assert [type(o) for o in whole.outcomes] == [FileResult] * 3
    short = UnitProgress(unit(3), file_started=0).finished({0: FileResult([])}, None, {})
    missing = short.outcomes[1]
    assert isinstance(missing, FileFailure) and missing.category == FailureCategory.WORKER_PROTOCOL
    assert isinstance(short.outcomes[0], FileResult)
