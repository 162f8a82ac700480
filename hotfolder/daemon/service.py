"""The daemon: watch -> claim -> dispatch -> write results -> release, one `step()` at a time."""

from __future__ import annotations

import contextlib
import logging
import signal
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from hotfolder.api.live import NO_LIVE_FACTS, LiveFacts
from hotfolder.commands.base import Command
from hotfolder.commands.registry import Registry
from hotfolder.config.folders import check_folders
from hotfolder.config.memory import ResolvedPool
from hotfolder.config.models import Settings
from hotfolder.daemon.bugreports import bug_report_dir
from hotfolder.daemon.capabilities import available_commands, command_languages, require_commands
from hotfolder.daemon.claiming import Claimer, claim_retry_s
from hotfolder.daemon.contain import Containment
from hotfolder.daemon.dispatch import file_task, plan_units
from hotfolder.daemon.facts import Counters, live_facts
from hotfolder.daemon.flight import InFlight
from hotfolder.daemon.intake import Intake
from hotfolder.daemon.progress import ProgressWrites
from hotfolder.daemon.release import Releaser
from hotfolder.daemon.results import Policy, ResultWriter
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError
from hotfolder.ledger import FileStatus, Job, Ledger, Request, RequestKind
from hotfolder.ledger.states import ENDED_JOB
from hotfolder.outbox.sweep import sweep_temporaries
from hotfolder.pool.budgets import budget_key
from hotfolder.pool.executor import Executor
from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitProgressed, UnitStarted, WorkerKey, WorkUnit

log = logging.getLogger("hotfolder.daemon")
DEFER_S = 30.0  # as batchalign3: a job held back by the memory gate is looked at again after this
REQUESTS_KEPT_S = 86_400.0  # applied operators' requests are kept this long (for `hotfolder jobs` and debugging)


class FolderProblem(HotfolderError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("cannot use these folders:\n  " + "\n  ".join(problems))


class Daemon:
    def __init__(
        self,
        settings: Settings,
        pool: ResolvedPool,
        executor: Executor,
        *,
        registry: Registry,
        gate: MemoryGate | None = None,
        wall: Callable[[], float] = time.time,
        mono: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.pool_settings = pool
        self.executor = executor
        self.registry = registry
        self.gate = gate
        self.wall, self.mono = wall, mono
        self.commands: dict[str, Command] = require_commands(settings, registry)
        self.capabilities = available_commands(registry, settings.default_lang)
        self.languages = command_languages(registry, self.capabilities)
        state = settings.state_dir
        for folder in (state, state / "staging", bug_report_dir(state)):
            folder.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(state / "ledger.db", clock=wall)
        self.folders = {f.name: f for f in settings.hotfolders}
        self.intake = Intake(self.ledger, state / "staging", settings.node_id)
        self.results = ResultWriter(self.ledger, Policy(pool.max_attempts, state), wall)
        self.releaser = Releaser(
            self.ledger,
            archive_for=lambda name: self.folders[name].archive if name in self.folders else None,
            inbox_for=lambda name: self.folders[name].inbox if name in self.folders else None,
            wall=wall,
        )
        self.contain = Containment(self.ledger, self.releaser, self.results, state, wall)
        self.claimer = Claimer(self.ledger, self.intake, self.contain, self.folders, self.commands, mono)
        self.watches, self.native = self.claimer.watches, self.claimer.native
        self.in_flight = InFlight()  # the one record of work handed to the executor
        self.progress = ProgressWrites()  # engines' counts, throttled into the ledger
        self.stop_requested = False
        self.attempts_started = 0
        self.deferred = 0
        self._live = NO_LIVE_FACTS
        self._next_release_check = 0.0
        self._next_dispatch = 0.0
        self._next_prune = 0.0
        self._requests_read = 0  # the operators' requests (hotfolder cancel/restart) are read past this id
        self._receipts_due: set[str] = set()  # jobs whose files all ended but whose receipt is not written yet
        self._next_publish = 0.0
        self._publish()  # the API starts before start() ends (recovery, warm-up): /health lists the folders from the first answer

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> None:
        self._check_folders()
        for folder in self.settings.hotfolders:  # temporaries of writes a kill -9 cut short
            for root in (folder.outbox, folder.failed):
                if root.is_dir():
                    sweep_temporaries(root)
        self._requests_read = self.ledger.requests_start()  # pending ones first: recorded while we were down
        resumed = self.ledger.recover()
        if resumed:
            log.info("resuming %d interrupted job(s)", len(resumed))
        self._end_jobs(set(resumed))  # jobs whose every file ended before the stop: only the receipt was missing
        swept = self.intake.sweep_orphans()
        if swept:
            log.info("removed %d staging folder(s) of claims a stop interrupted before they were recorded", swept)
        for job in self.ledger.unreleased_ended_jobs():
            self._release(job)
        if self.gate is not None:
            for key, peak in self.ledger.learned_budgets().items():
                self.gate.learn(key, peak)
        if self.pool_settings.warmup:
            self.executor.warm(sorted({WorkerKey.of(f.command, f.lang, f.options) for f in self.settings.hotfolders}))
        if self.native is not None:
            self.native.start()
        self._publish()

    def _check_folders(self) -> None:
        """Create missing folders and prove we can write, rename and delete in each, or refuse to start."""
        problems = []
        for check in check_folders(self.settings):
            if check.created:
                log.warning("%s %s folder %s did not exist and was created", check.folder_name, check.role, check.path)
            if not check.ok:
                problems.append(f"{check.folder_name} {check.role} {check.path}: {check.detail}")
        if problems:
            raise FolderProblem(problems)

    def request_stop(self, signum: int | None = None, frame: FrameType | None = None) -> None:
        self.stop_requested = True  # the main loop acts; a handler only records

    def run(self, on_ready: Callable[[], None] = lambda: None, on_tick: Callable[[], None] = lambda: None) -> None:
        signal.signal(signal.SIGTERM, self.request_stop)
        signal.signal(signal.SIGINT, self.request_stop)
        self.start()
        on_ready()
        while not self.stop_requested:
            try:
                self.step(poll_s=0.2)
            except Exception as error:  # noqa: BLE001 - the last net: no error stops the intake
                self.contain.loop_failed(error)
                # What that step claimed may not be recorded (a ledger commit that failed on a full
                # disk): look at every inbox again, without waiting for an event or the rescan.
                self.claimer.rescan_all()
                with contextlib.suppress(Exception):
                    self.intake.sweep_orphans()  # and the staging copies of those unrecorded claims go
                time.sleep(1.0)
            on_tick()
        self.shutdown()

    def shutdown(self, grace_s: float = 30.0) -> None:
        """Finish the files in hand for up to `grace_s`; requeue the rest without charging an attempt."""
        log.info("stopping: finishing files in hand (up to %.0f s)", grace_s)
        if self.native is not None:
            self.native.stop()
        unfinished = self.executor.shutdown(grace_s)
        self._handle(self.executor.poll(0))  # what finished during the grace period
        for unit_id in unfinished:
            flight = self.in_flight.pop(unit_id)
            for file_id in flight.unit.file_ids if flight else ():
                if self.ledger.file(file_id).status == FileStatus.PROCESSING:
                    self.ledger.requeue_file(file_id, "shutdown")
        self.ledger.close()
        log.info("stopped")

    # -- one turn of the loop ----------------------------------------------------
    def step(self, poll_s: float = 0.2) -> None:
        self._watch()
        self._take_requests()
        self._prune_requests()
        self._release_ended()
        self._dispatch()
        self._handle(self.executor.poll(poll_s))
        self.progress.flush(self.ledger, self.mono())
        self._publish()

    def _work_changed(self) -> None:
        self._next_dispatch = 0.0

    def _watch(self) -> None:
        claims = self.claimer.claim()
        if claims.changed:
            self._work_changed()
        for job_id, failure in claims.failures:
            try:
                self._fail_bundle(job_id, failure)
            except Exception as error:  # noqa: BLE001 - this bundle fails alone
                self.contain.release_failed(job_id, error)

    def _fail_bundle(self, job_id: str, failure: FileFailure) -> None:
        job = self.ledger.job(job_id)
        with self.ledger.batch():
            for record in self.ledger.files(job.id):
                self.ledger.start_file(record.id, None)
                self.results.fail(job, record, failure)
        self._end_jobs({job.id})

    def _take_requests(self) -> None:
        """Apply the operators' cancels and restarts recorded since the last step (one primary-key range read)."""
        for request in self.ledger.requests_after(self._requests_read):
            try:
                self._take(request if request.applied_at is not None else self.ledger.apply_request(request.id))
            except Exception as error:  # noqa: BLE001 - the loop goes on; this request is taken again next step
                log.error("applying %s of job %s failed: %s", request.kind, request.job_id, error)
                return
            self._requests_read = request.id

    def _prune_requests(self) -> None:
        """Applied requests older than REQUESTS_KEPT_S go, checked hourly: the table must not grow for ever."""
        now = self.mono()
        if now < self._next_prune:
            return
        self._next_prune = now + 3600.0
        self.ledger.prune_requests(self.wall() - REQUESTS_KEPT_S)

    def _take(self, request: Request) -> None:
        if request.error is not None:
            log.info("%s of job %s not applied: %s", request.kind, request.job_id, request.error)
            return
        log.info("job %s: %s applied", request.job_id, request.kind)
        if request.kind == RequestKind.CANCEL:
            for unit_id in self.in_flight.to_cancel(request.job_id):
                log.info("job %s cancelled: stopping unit %s", request.job_id, unit_id)
                self.executor.cancel(unit_id)
            self._next_release_check = 0.0  # its inputs go to failed/ now, not at the next check
        self._work_changed()  # a restart's files run at once

    def _release_ended(self) -> None:
        """Ended jobs not released yet (a release that waits for its folder, a cancel) are released."""
        now = self.mono()
        if now < self._next_release_check:
            return
        self._next_release_check = now + 2.0
        busy = self.in_flight.busy_jobs()
        for job in self.ledger.unreleased_ended_jobs():
            if job.id not in busy:
                self._release(job)
        if self._receipts_due:
            self._end_jobs(set(self._receipts_due))

    def _dispatch(self) -> None:
        now = self.mono()
        if now < self._next_dispatch:
            return
        self._next_dispatch = now + 1.0  # retries come due and CLI restarts land without an event
        busy = self.in_flight.busy_files()
        runnable = [(job, rec) for job, rec in self.ledger.runnable_files(self.wall()) if rec.id not in busy]
        if not runnable:
            return
        inputs_cache: dict[str, Any] = {}
        tasks: dict[int, Any] = {}
        for job, record in runnable:
            try:
                if job.id not in inputs_cache:
                    inputs_cache[job.id] = self.ledger.inputs(job.id)
                tasks[record.id] = file_task(job, record, inputs_cache[job.id], self._media_search(job.folder))
            except Exception as error:  # noqa: BLE001 - this file fails alone; the others are dispatched
                self.contain.dispatch_failed(job, record, error)
        self._end_jobs({job.id for job, record in runnable if record.id not in tasks})
        runnable = [(job, record) for job, record in runnable if record.id in tasks]

        units = plan_units(
            runnable,
            batch_size=lambda name: getattr(self.registry.get(name), "batch_size", 1),
            timeout_s=self.pool_settings.file_timeout_s,
            task_for=lambda job, record: tasks[record.id],
        )
        for unit in units:
            self.in_flight.add(unit, {job.id for job, rec in runnable if rec.id in unit.file_ids})
            self.executor.submit(unit)

    def _media_search(self, folder_name: str) -> tuple[Path, ...]:
        folder = self.folders.get(folder_name)
        roots: list[Path] = []
        if folder is not None and folder.media_mapping:
            roots.append(self.settings.media_mappings[folder.media_mapping])
        return tuple(roots + list(self.settings.media_roots))

    def _handle(self, events: list[PoolEvent]) -> None:
        """Apply a poll's events in one ledger transaction, outputs durable before it commits."""
        if not events:
            return
        touched: set[str] = set()
        with self.ledger.batch():
            for event in events:
                jobs = self.in_flight.jobs_of(event.unit_id)
                unit = self.in_flight.get(event.unit_id)
                try:
                    touched |= self._apply(event)
                except Exception as error:  # noqa: BLE001 - this unit's files fail alone
                    self.in_flight.pop(event.unit_id)
                    self.contain.unit_failed(unit.file_ids if unit else (), error)
                    touched |= jobs
            self.results.sync()
        self._end_jobs(touched)

    def _apply(self, event: PoolEvent) -> set[str]:
        unit = self.in_flight.get(event.unit_id)
        if unit is None:
            return set()
        if isinstance(event, UnitStarted):
            for file_id in unit.file_ids:
                if self.ledger.start_file(file_id, event.worker_pid) is not None:  # None: ended meanwhile, no attempt
                    self.attempts_started += 1
            return set()
        if isinstance(event, UnitDeferred):
            self._defer(unit, event.reason)
            return set()
        if isinstance(event, UnitProgressed):
            self.progress.offer(unit, event)
            return set()
        flight = self.in_flight.pop(event.unit_id)
        jobs = set(flight.jobs) if flight is not None else set()
        self._work_changed()
        for index, file_id in enumerate(unit.file_ids):
            record = self.ledger.file(file_id)
            job = self.ledger.job(record.job_id)
            if isinstance(event, UnitFailed) and record.status == FileStatus.QUEUED and job.status not in ENDED_JOB:
                # Failed before it started (its engine did not load): that is an attempt, or it is dispatched again for ever.
                if self.ledger.start_file(file_id, None) is not None:
                    self.attempts_started += 1
                record = self.ledger.file(file_id)
            if job.status in ENDED_JOB or record.status != FileStatus.PROCESSING:
                continue  # cancelled meanwhile: its result is not wanted
            if isinstance(event, UnitCancelled):
                self.ledger.requeue_file(file_id, "batched with a cancelled job")
            elif isinstance(event, UnitFinished):
                self.results.apply(job, record, event.outcomes[index], traceback=event.tracebacks.get(index), peak_rss_mb=event.peak_rss_mb)
            elif isinstance(event, UnitFailed) and index in event.done:  # finished before the worker died
                self.results.apply(job, record, event.done[index])
            elif isinstance(event, UnitFailed) and event.charges(index):
                self.results.fail(job, record, FileFailure(event.message, event.category))
            elif isinstance(event, UnitFailed):  # not started when its worker died: back in the queue, uncharged
                self.ledger.requeue_file(file_id, f"not started: {event.message}")
        if isinstance(event, UnitFinished) and event.peak_rss_mb:
            self.ledger.record_peak(budget_key(unit.key), event.peak_rss_mb)
        return jobs

    def _defer(self, unit: WorkUnit, reason: str) -> None:
        """Memory gate said wait: the jobs show `next_eligible_at` and the wait is counted."""
        self.deferred += 1
        until = self.wall() + DEFER_S
        for job_id in {self.ledger.file(fid).job_id for fid in unit.file_ids}:
            self.ledger.defer_job(job_id, until, reason)
        log.info("unit %s (%s) waits for memory: %s", unit.id, unit.key, reason)

    def _end_jobs(self, job_ids: set[str]) -> None:
        job_ids = job_ids - self.contain.stuck_releases
        if not job_ids:
            return
        unwritten: set[str] = set()
        try:
            unwritten = self.releaser.end_jobs(sorted(job_ids))
        except Exception:  # noqa: BLE001 - find the job that raised: each alone, the others end normally
            for job_id in sorted(job_ids):
                try:
                    unwritten |= self.releaser.end_jobs([job_id])
                except Exception as error:  # noqa: BLE001
                    self.contain.release_failed(job_id, error)
        # A receipt that could not be written (full or read-only outbox): the job stays open, tried again.
        self._receipts_due = unwritten | (self._receipts_due - job_ids)

    def _release(self, job: Job) -> None:
        if job.id in self.contain.stuck_releases:
            return
        try:
            self.releaser.release_or_wait(job)  # a folder that cannot be written now: tried again later
        except Exception as error:  # noqa: BLE001 - this job fails alone
            self.contain.release_failed(job.id, error)

    # -- what the API shows ----------------------------------------------------
    def _publish(self) -> None:
        now = self.mono()
        if now < self._next_publish:
            return
        self._next_publish = now + 0.5
        counters = Counters(self.attempts_started, self.results.retried, self.deferred, self.results.forced_terminal)
        self._live = live_facts(self.executor, self.gate, counters, self.watches, self.folders, now, self.languages, self.in_flight)

    def live(self) -> LiveFacts:
        return self._live


__all__ = ["Daemon", "FailureCategory", "claim_retry_s"]
