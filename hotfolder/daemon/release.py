"""Ending a job: the receipt last, then the inbox originals go (deleted, archived or kept in failed/).

Every step is idempotent and recorded, so a crash at any point is finished
by the next start without losing or duplicating anything.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from hotfolder import __version__
from hotfolder.daemon.clock import iso
from hotfolder.daemon.intake import stat_key
from hotfolder.ledger import FileStatus, InputRecord, Job, JobStatus, Ledger
from hotfolder.ledger.states import ENDED_JOB
from hotfolder.outbox.atomic import OutboxWriteError, copy_atomic, fsync_dirs, move_durably
from hotfolder.outbox.failed import error_json_path, failed_path, failure_record, write_failure
from hotfolder.outbox.receipt import build_receipt, write_receipt
from hotfolder.watch.junk import is_junk

log = logging.getLogger("hotfolder.release")


def _same_file(record: InputRecord) -> bool:
    """True while the inbox still holds exactly the file we took (a newer drop is left alone)."""
    key = stat_key(Path(record.path))
    return key is not None and (key.size, key.mtime_ns, key.inode) == (record.size, record.mtime_ns, record.inode)


class Releaser:
    def __init__(
        self,
        ledger: Ledger,
        archive_for: Callable[[str], Path | None],
        inbox_for: Callable[[str], Path | None],
        wall: Callable[[], float],
    ) -> None:
        self.ledger = ledger
        self.archive_for = archive_for
        self.inbox_for = inbox_for
        self.wall = wall
        self._waiting: set[str] = set()  # jobs whose receipt or release waits for a folder to be writable

    def end_jobs(self, job_ids: list[str]) -> set[str]:
        """For jobs whose every file has ended: receipts first, then their terminal states, then release.

        Done for many jobs at once: one folder fsync per outbox, two ledger commits in all.
        Returns the jobs whose receipt could not be written (a full or read-only outbox):
        they stay open, nothing is reported done, and the caller tries them again.
        """
        ending: list[tuple[Job, JobStatus, float]] = []
        released: list[Job] = []
        for job_id in job_ids:
            job = self.ledger.job(job_id)
            if job.status in ENDED_JOB:
                if not job.released:
                    released.append(job)
                continue
            final = self.ledger.final_status(job_id)
            if final is not None:
                ending.append((job, final, self.wall()))
        folders = set()
        unwritten: set[str] = set()
        for job, final, now in ending:
            try:
                folders.add(self._write_receipt(replace(job, status=final, completed_at=now), sync_dir=False).parent)
            except OutboxWriteError as error:
                self._warn_once(job.id, "job %s: receipt not written yet (%s); the job stays open and is tried again", error)
                unwritten.add(job.id)
        ending = [entry for entry in ending if entry[0].id not in unwritten]
        fsync_dirs(folders)
        with self.ledger.batch():
            for job, final, now in ending:
                self.ledger.end_job(job.id, final, now)
        with self.ledger.batch():  # the ends are committed: releasing can only repeat, never lose
            for job in released + [self.ledger.job(job.id) for job, _, _ in ending]:
                self.release_or_wait(job)
        return unwritten

    def release_or_wait(self, job: Job) -> bool:
        """`release`, or leave the job to be released later when its folders cannot be written now."""
        try:
            self.release(job)
        except (OutboxWriteError, OSError) as error:
            self._warn_once(job.id, "job %s: inputs not released yet (%s); tried again later", error)
            return False
        self._waiting.discard(job.id)
        return True

    def _warn_once(self, job_id: str, message: str, error: Exception) -> None:
        """Retried every few seconds while a share is full or read-only: one warning, then debug lines."""
        log.log(logging.DEBUG if job_id in self._waiting else logging.WARNING, message, job_id, error)
        self._waiting.add(job_id)

    def _write_receipt(self, job: Job, *, sync_dir: bool = True) -> Path:
        receipt = build_receipt(job, self.ledger.files(job.id), self.ledger.inputs(job.id), version=__version__, iso=iso)
        return write_receipt(job, receipt, sync_dir=sync_dir)

    def release(self, job: Job) -> None:
        """Write an ended job's missing receipt and release its inputs; safe to repeat after a crash."""
        if not job.receipt_written:
            self._write_receipt(job)
            self.ledger.mark(job.id, receipt_written=True)
        if not job.released:
            self._release_inputs(job)
            self.ledger.mark(job.id, released=True)
            log.info("job %s %s; inputs released", job.id, job.status)

    def release_inputs(self, job: Job) -> None:
        """Release an ended job's inputs without its receipt (which could not be written)."""
        if not job.released:
            self._release_inputs(job)
            self.ledger.mark(job.id, released=True)

    def _release_inputs(self, job: Job) -> None:
        files = self.ledger.files(job.id)
        keep_in_failed = job.status != JobStatus.COMPLETED or any(f.status == FileStatus.ERROR for f in files)
        archive = self.archive_for(job.folder)
        inbox = self.inbox_for(job.folder)
        errors = {f.filename: f for f in files if f.status == FileStatus.ERROR}
        for record in self.ledger.inputs(job.id):
            if keep_in_failed:
                # The whole bundle stays together in failed/, ready to fix and drop again.
                target = failed_path(Path(job.failed_dir), job.bundle, job.bundle_kind, record.display_path)
                if not target.exists() and record.staged_path and Path(record.staged_path).exists():
                    copy_atomic(Path(record.staged_path), target, root=Path(job.failed_dir))
                if record.display_path in errors and not error_json_path(target).exists():
                    # failed/ could not be written when the file failed (read-only, full): the reason comes from the ledger.
                    error = errors[record.display_path]
                    write_failure(target, None, failure_record(job, error, iso(error.finished_at or self.wall())), root=Path(job.failed_dir))
            if not _same_file(record):
                continue
            original = Path(record.path)
            if archive is not None:
                move_durably(original, archive / record.display_path, root=archive)
            else:
                original.unlink()
        if job.bundle_kind == "folder" and inbox is not None:
            _remove_emptied(inbox / job.bundle)
        if not keep_in_failed:
            self._drop_stale_failures(job)
            shutil.rmtree(job.staging_dir, ignore_errors=True)

    def _drop_stale_failures(self, job: Job) -> None:
        """A restarted job that now completed: its failed/ copies and reasons from the first end are stale.

        A copy is removed only while it holds exactly the bytes staged: one a user edited in failed/ stays.
        """
        for record in self.ledger.inputs(job.id):
            target = failed_path(Path(job.failed_dir), job.bundle, job.bundle_kind, record.display_path)
            reason = error_json_path(target)
            staged = Path(record.staged_path) if record.staged_path else None
            if target.is_file() and not target.is_symlink() and staged is not None and _same_bytes(target, staged):
                target.unlink()
                if reason.is_file() and not reason.is_symlink():  # only beside a copy of ours: not another job's
                    reason.unlink()
        bundle_dir = Path(job.failed_dir) / job.bundle
        if bundle_dir.is_dir() and not bundle_dir.is_symlink():
            _remove_emptied(bundle_dir)


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        with a.open("rb") as fa, b.open("rb") as fb:
            while chunk := fa.read(1 << 20):
                if chunk != fb.read(len(chunk)):
                    return False
        return True
    except OSError:
        return False


def _remove_emptied(folder: Path) -> None:
    """Remove a folder bundle's directories once only junk is left in them."""
    if not folder.is_dir():
        return
    for root, dirs, names in os.walk(folder, topdown=False):
        if all(is_junk(n) for n in names) and not any((Path(root) / d).exists() for d in dirs):
            for name in names:
                try:
                    os.unlink(os.path.join(root, name))
                except OSError:
                    return
            try:
                os.rmdir(root)
            except OSError:
                return


__all__ = ["OutboxWriteError", "Releaser"]
