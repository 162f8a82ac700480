"""plan_units: the pure batching rule."""

from __future__ import annotations

from pathlib import Path

from hotfolder.commands.base import FileTask
from hotfolder.daemon.dispatch import plan_units
from hotfolder.ledger import FileRecord, FileStatus, Job, JobStatus


def job(job_id: str, lang: str = "eng", command: str = "morphotag") -> Job:
    return Job(job_id, "f", job_id, "file", command, lang, {}, JobStatus.QUEUED, None, 0.0, None, None, "/o", "/f", "/s", False, False)


def record(file_id: int, job_id: str, category: str | None = None) -> FileRecord:
    return FileRecord(file_id, job_id, f"{file_id}.cha", FileStatus.QUEUED, 0, error_category=category)


def task(j: Job, r: FileRecord) -> FileTask:
    return FileTask(r.filename, Path(r.filename), j.lang)


def plan(pairs: list[tuple[Job, FileRecord]], size: int = 2) -> list[tuple[int, ...]]:
    ids = iter(range(1000))
    units = plan_units(pairs, batch_size=lambda _: size, timeout_s=10, task_for=task, new_id=lambda: str(next(ids)))
    return [u.file_ids for u in units]


def test_batches_cross_jobs_of_the_same_key() -> None:
    a, b = job("a"), job("b")
    assert plan([(a, record(1, "a")), (b, record(2, "b")), (a, record(3, "a"))]) == [(1, 2), (3,)]


def test_keys_never_mix() -> None:
    eng, fra = job("a", "eng"), job("b", "fra")
    assert plan([(eng, record(1, "a")), (fra, record(2, "b")), (eng, record(3, "a"))]) == [(1, 3), (2,)]


def test_a_file_that_crashed_runs_alone() -> None:
    a = job("a")
    pairs = [(a, record(1, "a")), (a, record(2, "a", "worker_crash")), (a, record(3, "a"))]
    assert plan(pairs) == [(2,), (1, 3)]


def test_timeout_is_per_file_whatever_the_batch() -> None:
    a = job("a")
    units = plan_units([(a, record(1, "a")), (a, record(2, "a"))], batch_size=lambda _: 8, timeout_s=10, task_for=task)
    assert [(len(u.tasks), u.timeout_s) for u in units] == [(2, 10)]  # the pool times the file in hand, not the unit
