"""One bad bundle never stops the daemon: an unexpected error is pinned on the bundle it hit.

Scanning, claiming, writing and releasing each run per folder, bundle, file or
job; whatever escapes them lands here. The bundle gets a bug report and a
`failed/<bundle>.error.json` naming the stage and the error; the loop goes on.
A claim or release that raised is not tried again by this process while the
bundle is unchanged (a restart tries once more, in case the obstacle is gone),
so a poison costs one report, not one per step.
"""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path

from hotfolder.daemon.bugreports import write_bug_report
from hotfolder.daemon.clock import iso
from hotfolder.daemon.release import Releaser
from hotfolder.daemon.results import ResultWriter
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import FileRecord, FileStatus, Job, Ledger
from hotfolder.ledger.states import ENDED_JOB
from hotfolder.outbox.atomic import OutboxWriteError, write_atomic
from hotfolder.watch.tracker import ReadyBundle

log = logging.getLogger("hotfolder.daemon")

ClaimKey = tuple[str, str, tuple[tuple[str, int, int, int], ...]]  # folder, bundle, member fingerprints


def claim_key(folder: str, bundle: ReadyBundle) -> ClaimKey:
    """What identifies one drop of a bundle: a changed or re-dropped member makes a new key."""
    members = tuple((m.display_path, m.key.size, m.key.mtime_ns, m.key.inode) for m in bundle.members)
    return folder, bundle.name, members


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def bundle_error_path(failed_dir: Path, bundle: str, stage: str) -> Path:
    """`failed/<bundle>.error.json`, or `<bundle>.<stage>.error.json` beside a file's own reason."""
    plain = failed_dir / f"{bundle}.error.json"
    return failed_dir / f"{bundle}.{stage}.error.json" if plain.exists() else plain


class Containment:
    def __init__(self, ledger: Ledger, releaser: Releaser, results: ResultWriter, state_dir: Path, wall: Callable[[], float]) -> None:
        self.ledger = ledger
        self.releaser = releaser
        self.results = results
        self.state_dir = state_dir
        self.wall = wall
        self.refused_claims: set[ClaimKey] = set()
        self.stuck_releases: set[str] = set()  # job ids
        self._last_scan_error: dict[str, str] = {}
        self._last_loop_error = ""

    def scan_failed(self, folder: str, error: Exception) -> None:
        """A folder's scan raised: logged (once while it repeats); the other folders go on."""
        text = describe(error)
        if self._last_scan_error.get(folder) != text:
            log.error("scanning %s failed (the daemon goes on): %s", folder, text, exc_info=error)
            self._last_scan_error[folder] = text

    def claim_failed(self, folder: str, failed_dir: Path, command: str, bundle: ReadyBundle, error: Exception) -> None:
        """Taking a bundle raised: report it, keep its originals in the inbox, do not retry this drop."""
        self.refused_claims.add(claim_key(folder, bundle))
        message = f"could not take bundle {bundle.name!r}: {describe(error)}"
        log.error("%s in %s (left in the inbox, the daemon goes on)", message, folder, exc_info=error)
        bug_id = self._bug_report("", command, bundle.name, error)
        self._write_error(failed_dir, bundle.name, "claim", message, bug_id, job_id=None)

    def dispatch_failed(self, job: Job, record: FileRecord, error: Exception) -> None:
        """Preparing a file for a worker raised (its ledger rows do not fit together): it fails alone."""
        log.error("preparing %s of job %s failed (the daemon goes on): %s", record.filename, job.id, describe(error), exc_info=error)
        failure = FileFailure(f"unexpected error while preparing the file: {describe(error)}", FailureCategory.SYSTEM)
        self.ledger.start_file(record.id, None)
        self.results.fail(job, record, failure, traceback="".join(traceback.format_exception(error)))

    def unit_failed(self, file_ids: Iterable[int], error: Exception) -> None:
        """Applying a unit's outcome raised: its files still in hand fail (failed/, bug report), the rest stand."""
        log.error("applying a result failed (the daemon goes on): %s", describe(error), exc_info=error)
        failure = FileFailure(f"unexpected error while writing the result: {describe(error)}", FailureCategory.SYSTEM)
        trace = "".join(traceback.format_exception(error))
        for file_id in file_ids:
            record = self.ledger.file(file_id)
            if record.status != FileStatus.PROCESSING:
                continue
            try:
                self.results.fail(self.ledger.job(record.job_id), record, failure, traceback=trace)
            except Exception as again:  # noqa: BLE001 - at least the ledger says why
                log.error("cannot record the failure of %s: %s", record.filename, describe(again))
                self.ledger.file_error(file_id, failure)

    def release_failed(self, job_id: str, error: Exception) -> None:
        """Ending or releasing a job raised: it ends failed with why; its inputs go to failed/ if they can."""
        self.stuck_releases.add(job_id)
        job = self.ledger.job(job_id)
        message = f"could not end job {job_id} ({job.bundle}): {describe(error)}"
        log.error("%s (the daemon goes on)", message, exc_info=error)
        bug_id = self._bug_report(job_id, job.command, job.bundle, error)
        self._write_error(Path(job.failed_dir), job.bundle, "release", message, bug_id, job_id=job_id)
        if job.status not in ENDED_JOB:
            self.ledger.fail_job(job_id, message, self.wall())
        try:  # the receipt is what failed, most often: the inputs can still go to failed/
            self.releaser.release_inputs(self.ledger.job(job_id))
        except Exception as again:  # noqa: BLE001 - left unreleased: the originals stay claimed in the inbox
            log.error("inputs of job %s stay in the inbox: %s", job_id, describe(again))

    def loop_failed(self, error: Exception) -> None:
        """Last net: an error no stage caught. Logged and reported once while it repeats."""
        text = describe(error)
        if text != self._last_loop_error:
            log.error("unexpected error in the daemon loop (the daemon goes on): %s", text, exc_info=error)
            self._bug_report("", "daemon", "", error)
            self._last_loop_error = text

    def _bug_report(self, job_id: str, command: str, filename: str, error: Exception) -> str | None:
        trace = "".join(traceback.format_exception(error))
        try:
            return write_bug_report(
                self.state_dir, at=iso(self.wall()), job_id=job_id, command=command, filename=filename,
                traceback=trace, engines={}, fingerprint={},
            )
        except (OutboxWriteError, OSError) as failed:
            log.error("cannot write a bug report: %s", failed)
            return None

    def _write_error(self, failed_dir: Path, bundle: str, stage: str, message: str, bug_id: str | None, *, job_id: str | None) -> None:
        record = {
            "job_id": job_id, "bundle": bundle, "stage": stage, "category": "system",
            "message": message, "failed_at": iso(self.wall()), "bug_report_id": bug_id,
        }
        try:
            path = bundle_error_path(failed_dir, bundle, stage)
            write_atomic(path, (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode(), root=failed_dir)
        except (OutboxWriteError, OSError, ValueError) as failed:
            log.error("cannot write the reason for %s to failed/: %s", bundle, failed)


__all__ = ["Containment", "Job", "claim_key"]
