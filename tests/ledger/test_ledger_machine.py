"""A hypothesis state machine over a real SQLite ledger: random claims, starts, outcomes,
cancels and restarts (as requests), job ends, crashes (recover()) and batches that die.

A plain model of every job's and file's status runs beside the ledger; after each step
the two must agree, and the ledger's own invariants must hold: a file is processing iff
it has exactly one open attempt, an ended job has no live file, a done file stays done,
no request is left pending, and a batch that raises leaves nothing behind.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import FileStatus as F
from hotfolder.ledger import JobStatus as J
from hotfolder.ledger import Ledger, RequestKind
from hotfolder.ledger.states import ENDED_FILE, ENDED_JOB, TransitionError, check_job_move

from .helpers import Clock, new_job

RUNNABLE = {J.QUEUED, J.RUNNING, J.INTERRUPTED}
FAILURE = FileFailure("it went wrong", FailureCategory.SYSTEM)
SHM = Path("/dev/shm")  # a ledger in memory-backed files: fsyncs cost nothing, the SQL is the same


class Died(Exception):
    pass


class LedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(dir=SHM if SHM.is_dir() else None))
        self.clock = Clock()
        self.ledger = Ledger(self.dir / "ledger.db", clock=self.clock)
        self.jobs: dict[str, J] = {}
        self.files: dict[int, F] = {}
        self.job_of: dict[int, str] = {}
        self.ever_done: set[int] = set()

    def teardown(self) -> None:
        self.ledger.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- helpers -------------------------------------------------------------------
    def _files_of(self, job_id: str) -> list[int]:
        return [fid for fid, jid in self.job_of.items() if jid == job_id]

    def _pick(self, data: st.DataObject, ids: list[int]) -> int:
        return data.draw(st.sampled_from(sorted(ids)))

    def _startable(self) -> list[int]:
        return [fid for fid, s in self.files.items() if s == F.QUEUED and self.jobs[self.job_of[fid]] in RUNNABLE]

    def _processing(self) -> list[int]:
        return [fid for fid, s in self.files.items() if s == F.PROCESSING]

    def _ended_jobs_with_live_files(self) -> bool:
        return any(status not in ENDED_JOB for status in self.jobs.values())

    # -- rules -----------------------------------------------------------------------
    @rule(count=st.integers(1, 3))
    def claim(self, count: int) -> None:
        # Ids in claim order, not uuid4: what the machine draws must not depend on chance.
        job_id = self.ledger.create_job(new_job(tuple(f"f{i}.cha" for i in range(count))), f"job-{len(self.jobs):04d}")
        self.jobs[job_id] = J.QUEUED
        for record in self.ledger.files(job_id):
            self.files[record.id] = F.QUEUED
            self.job_of[record.id] = job_id

    @precondition(lambda self: self._startable())
    @rule(data=st.data())
    def start(self, data: st.DataObject) -> None:
        file_id = self._pick(data, self._startable())
        assert self.ledger.start_file(file_id, 1) is not None
        self.files[file_id] = F.PROCESSING
        self.jobs[self.job_of[file_id]] = J.RUNNING

    @precondition(lambda self: any(s in ENDED_FILE for s in self.files.values()))
    @rule(data=st.data())
    def start_late(self, data: st.DataObject) -> None:
        """A unit that reaches a worker after its file ended (cancelled) starts nothing."""
        file_id = self._pick(data, [fid for fid, s in self.files.items() if s in ENDED_FILE])
        assert self.ledger.start_file(file_id, 1) is None

    @precondition(lambda self: self._processing())
    @rule(data=st.data(), outcome=st.sampled_from(["done", "error", "retry", "retry uncharged", "requeue"]))
    def finish(self, data: st.DataObject, outcome: str) -> None:
        file_id = self._pick(data, self._processing())
        if outcome == "done":
            self.ledger.file_done(file_id, [f"out{file_id}.cha"], {})
            self.files[file_id] = F.DONE
            self.ever_done.add(file_id)
        elif outcome == "error":
            self.ledger.file_error(file_id, FAILURE)
            self.files[file_id] = F.ERROR
        elif outcome.startswith("retry"):
            self.ledger.file_retry(file_id, FAILURE, self.clock.now + 1, charge=outcome == "retry")
            self.files[file_id] = F.QUEUED
        else:
            self.ledger.requeue_file(file_id, "shutdown")
            self.files[file_id] = F.QUEUED

    @precondition(lambda self: self._ended_jobs_with_live_files())
    @rule(data=st.data())
    def end_job(self, data: st.DataObject) -> None:
        """What the releaser does once every file of a job has ended."""
        job_id = data.draw(st.sampled_from(sorted(j for j, s in self.jobs.items() if s not in ENDED_JOB)))
        statuses = [self.files[fid] for fid in self._files_of(job_id)]
        final = self.ledger.final_status(job_id)
        if any(s not in ENDED_FILE for s in statuses):
            assert final is None
            return
        expected = J.COMPLETED if F.DONE in statuses else J.FAILED
        assert final == expected
        self.ledger.end_job(job_id, final, self.clock.now)
        self.jobs[job_id] = final

    @precondition(lambda self: self.jobs)
    @rule(data=st.data(), kind=st.sampled_from(list(RequestKind)))
    def request(self, data: st.DataObject, kind: RequestKind) -> None:
        """An operator's cancel or restart, applied as the daemon (or the CLI) applies it."""
        job_id = data.draw(st.sampled_from(sorted(self.jobs)))
        target = J.CANCELLED if kind == RequestKind.CANCEL else J.QUEUED
        try:
            check_job_move(self.jobs[job_id], target)
            legal = True
        except TransitionError:
            legal = False
        applied = self.ledger.apply_request(self.ledger.request(job_id, kind))
        assert applied.applied_at is not None and (applied.error is None) == legal, (applied, self.jobs[job_id])
        if not legal:
            return
        self.jobs[job_id] = target
        for fid in self._files_of(job_id):
            if kind == RequestKind.CANCEL and self.files[fid] in (F.QUEUED, F.PROCESSING):
                self.files[fid] = F.ERROR
            elif kind == RequestKind.RESTART and self.files[fid] != F.DONE:
                self.files[fid] = F.QUEUED
        assert self.ledger.apply_request(applied.id) == applied  # applying again changes nothing

    @rule()
    def crash(self) -> None:
        """The daemon dies (everything it committed stays) and a new one recovers."""
        self.ledger.close()
        self.ledger = Ledger(self.dir / "ledger.db", clock=self.clock)
        live = {j for j, s in self.jobs.items() if s in (J.QUEUED, J.RUNNING)}
        resumed = self.ledger.recover()
        assert set(resumed) == live
        for fid, status in self.files.items():
            if status == F.PROCESSING:
                self.files[fid] = F.QUEUED
        for job_id in live:
            has_queued = any(self.files[fid] == F.QUEUED for fid in self._files_of(job_id))
            self.jobs[job_id] = J.QUEUED if has_queued else J.INTERRUPTED

    @precondition(lambda self: self._startable() or self._processing())
    @rule(data=st.data())
    def batch_dies(self, data: st.DataObject) -> None:
        """Many changes in one batch, then an exception: none of them lands."""
        try:
            with self.ledger.batch():
                for file_id in self._startable():
                    self.ledger.start_file(file_id, 1)
                for file_id in self._processing():
                    self.ledger.file_done(file_id, ["x"], {})
                raise Died
        except Died:
            pass

    # -- invariants ------------------------------------------------------------------
    @invariant()
    def the_ledger_agrees_with_the_model(self) -> None:
        for job_id, status in self.jobs.items():
            assert self.ledger.job(job_id).status == status, job_id
            for record in self.ledger.files(job_id):
                assert record.status == self.files[record.id], (record, self.files[record.id])
                assert record.attempts >= 0

    @invariant()
    def a_file_is_processing_iff_it_has_one_open_attempt(self) -> None:
        open_attempts = dict(self.ledger.conn.execute(
            "SELECT file_id, count(*) FROM attempts WHERE finished_at IS NULL GROUP BY file_id").fetchall())
        processing = {fid for fid, s in self.files.items() if s == F.PROCESSING}
        assert {fid: 1 for fid in processing} == open_attempts

    @invariant()
    def an_ended_job_has_no_live_file(self) -> None:
        for job_id, status in self.jobs.items():
            if status in ENDED_JOB:
                assert all(self.files[fid] in ENDED_FILE for fid in self._files_of(job_id)), job_id

    @invariant()
    def a_done_file_stays_done(self) -> None:
        assert all(self.files[fid] == F.DONE for fid in self.ever_done)

    @invariant()
    def no_request_is_left_pending(self) -> None:
        assert self.ledger.requests_after(self.ledger.requests_start()) == []


LedgerMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=30, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_ledger_machine = LedgerMachine.TestCase
