"""Applying what workers report: outputs to the outbox, failures to failed/, retries (decided in decide.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hotfolder.commands.base import FileResult, Outcome
from hotfolder.daemon.bugreports import write_bug_report
from hotfolder.daemon.clock import iso
from hotfolder.daemon.decide import Retry, decide_failure
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import FileRecord, Job, Ledger
from hotfolder.outbox.atomic import OutboxWriteError, fsync_dirs, write_atomic
from hotfolder.outbox.failed import FailureRecord, failed_path, write_failure
from hotfolder.outbox.receipt import output_path

log = logging.getLogger("hotfolder.results")


@dataclass(frozen=True)
class Policy:
    max_attempts: int
    state_dir: Path


class ResultWriter:
    def __init__(self, ledger: Ledger, policy: Policy, wall: Callable[[], float]) -> None:
        self.ledger = ledger
        self.policy = policy
        self.wall = wall
        self.retried = 0
        self.forced_terminal = 0
        self._unsynced: set[Path] = set()

    def sync(self) -> None:
        """Make every output written since the last call durable; call before committing them as done."""
        fsync_dirs(self._unsynced)
        self._unsynced.clear()

    def apply(self, job: Job, record: FileRecord, outcome: Outcome, *, traceback: str | None = None, peak_rss_mb: float | None = None) -> None:
        """Record one file's outcome; output writes that fail turn into failures."""
        if isinstance(outcome, FileResult):
            try:
                written = self._write_outputs(job, outcome)
            except (OutboxWriteError, ValueError) as error:
                outcome = FileFailure(f"could not write the result: {error}", FailureCategory.SYSTEM)
            else:
                notes = dict(outcome.notes)
                notes["engines"] = outcome.engines
                self.ledger.file_done(record.id, written, notes, peak_rss_mb)
                return
        self.fail(job, record, outcome, traceback=traceback)

    def fail(self, job: Job, record: FileRecord, failure: FileFailure, *, traceback: str | None = None) -> None:
        current = self.ledger.file(record.id)
        decision = decide_failure(failure, current.attempts, self.policy.max_attempts, self.wall())
        if isinstance(decision, Retry):
            if decision.charge:
                self.retried += 1
                log.warning("%s in job %s: %s; retry %d in %.0f s", record.filename, job.id, failure.message, current.attempts + 1, decision.delay_s)
            self.ledger.file_retry(record.id, failure, decision.at, charge=decision.charge)
            return
        if decision.forced:
            self.forced_terminal += 1
        bug_id = self._bug_report(job, record, failure, traceback)
        target = failed_path(Path(job.failed_dir), job.bundle, job.bundle_kind, record.filename)
        staged = next((Path(i.staged_path) for i in self.ledger.inputs(job.id) if i.display_path == record.filename and i.staged_path), None)
        try:
            failure_record = FailureRecord(job.id, record.filename, failure, current.attempts, iso(self.wall()), bug_id)
            write_failure(target, staged, failure_record, root=Path(job.failed_dir))
        except OutboxWriteError as error:
            # The staged copy and the inbox original both still exist; the ledger keeps the reason.
            log.error("cannot write %s to failed/: %s", record.filename, error)
        log.warning("%s in job %s failed (%s): %s", record.filename, job.id, failure.category, failure.message)
        self.ledger.file_error(record.id, failure, bug_report_id=bug_id)

    def _write_outputs(self, job: Job, result: FileResult) -> list[str]:
        written = []
        for output in result.outputs:
            path = output_path(job, output.display_path)
            write_atomic(path, output.data, root=Path(job.outbox_dir), sync_dir=False)
            self._unsynced.add(path.parent)
            written.append(output.display_path)
        return written

    def _bug_report(self, job: Job, record: FileRecord, failure: FileFailure, traceback: str | None) -> str | None:
        if failure.category not in (FailureCategory.SYSTEM, FailureCategory.WORKER_CRASH, FailureCategory.WORKER_PROTOCOL):
            return None
        inputs = self.ledger.inputs(job.id)
        fingerprint = next(({"path": i.display_path, "size": i.size, "sha256": i.sha256} for i in inputs if i.display_path == record.filename), {})
        try:
            return write_bug_report(
                self.policy.state_dir, at=iso(self.wall()), job_id=job.id, command=job.command, filename=record.filename,
                traceback=traceback or failure.message, engines={}, fingerprint=fingerprint,
            )
        except OutboxWriteError as error:
            log.error("cannot write a bug report: %s", error)
            return None
