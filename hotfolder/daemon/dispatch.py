"""Turning runnable files into work units (pure: no I/O)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from pathlib import Path

from hotfolder.commands.base import FileTask
from hotfolder.errors import FailureCategory
from hotfolder.ledger import FileRecord, InputRecord, Job
from hotfolder.pool.units import WorkerKey, WorkUnit

# After a crash or hang, a file runs alone so it cannot take its neighbours down again.
_RUN_ALONE = frozenset({str(FailureCategory.WORKER_CRASH), str(FailureCategory.WORKER_TIMEOUT), str(FailureCategory.MEMORY_PRESSURE)})


def worker_key(job: Job) -> WorkerKey:
    return WorkerKey.of(job.command, job.lang, job.options)


def file_task(job: Job, record: FileRecord, inputs: list[InputRecord], media_search: tuple[Path, ...]) -> FileTask:
    staged = {i.display_path: Path(i.staged_path or i.path) for i in inputs}
    companions = {name: path for name, path in staged.items() if name != record.filename}
    return FileTask(record.filename, staged[record.filename], job.lang, companions, media_search)


def plan_units(
    runnable: Iterable[tuple[Job, FileRecord]],
    *,
    batch_size: Callable[[str], int],
    timeout_s: float,  # per file: the pool applies it to the file in hand
    task_for: Callable[[Job, FileRecord], FileTask],
    new_id: Callable[[], str] = lambda: uuid.uuid4().hex,
) -> list[WorkUnit]:
    """Batch files that one warm worker can take together (same command, lang, options), in order.

    Batches cross job boundaries: a thousand single-file drops still reach the
    engine as a few large batches.
    """
    units: list[WorkUnit] = []
    open_batches: dict[WorkerKey, list[tuple[Job, FileRecord]]] = {}

    def close(batch: list[tuple[Job, FileRecord]]) -> None:
        tasks = tuple(task_for(j, r) for j, r in batch)
        units.append(WorkUnit(new_id(), worker_key(batch[0][0]), tasks, tuple(r.id for _, r in batch), timeout_s))

    for job, record in runnable:
        size = 1 if record.error_category in _RUN_ALONE else max(1, batch_size(job.command))
        if size == 1:
            close([(job, record)])
            continue
        batch = open_batches.setdefault(worker_key(job), [])
        batch.append((job, record))
        if len(batch) >= size:
            close(open_batches.pop(worker_key(job)))
    for batch in open_batches.values():
        close(batch)
    return units
