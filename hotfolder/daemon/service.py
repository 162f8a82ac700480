"""The daemon: watch -> claim -> dispatch -> write results -> release, one `step()` at a time."""

from __future__ import annotations

import json
import logging
import signal
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from hotfolder import __version__
from hotfolder.commands.base import Command
from hotfolder.commands.registry import Registry
from hotfolder.config.memory import ResolvedPool
from hotfolder.config.models import HotFolder, Settings
from hotfolder.daemon.bugreports import bug_report_dir
from hotfolder.daemon.capabilities import available_commands, require_commands
from hotfolder.daemon.dispatch import file_task, plan_units
from hotfolder.daemon.intake import Intake, unclaimed_members
from hotfolder.daemon.release import Releaser
from hotfolder.daemon.results import Policy, ResultWriter
from hotfolder.config.folders import check_folders
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError
from hotfolder.ledger import JobStatus, Ledger
from hotfolder.ledger.states import ENDED_JOB
from hotfolder.pool.executor import Executor
from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.units import PoolEvent, UnitCancelled, UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from hotfolder.watch.folder import FolderWatch
from hotfolder.watch.native import NativeWatcher

log = logging.getLogger("hotfolder.daemon")


DEFER_S = 30.0  # as batchalign3: a job held back by the memory gate is looked at again after this


def worker_key_for(folder: HotFolder) -> WorkerKey:
    return WorkerKey(folder.command, folder.lang or "eng", json.dumps(dict(folder.options), sort_keys=True))


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
        state = settings.state_dir
        for folder in (state, state / "staging", bug_report_dir(state)):
            folder.mkdir(parents=True, exist_ok=True)
        self.ledger = Ledger(state / "ledger.db", clock=wall)
        self.folders = {f.name: f for f in settings.hotfolders}
        self.watches = {
            f.name: FolderWatch(f.name, f.inbox, f.settle_s, f.watch, f.poll_interval_s, f.rescan_s, f.require_ready_marker, tuple(f.ignore))
            for f in settings.hotfolders
        }
        native = [self.folders[name].inbox for name, w in self.watches.items() if w.status().mode == "native"]
        self.native = NativeWatcher(native) if native else None
        self.intake = Intake(self.ledger, state / "staging", settings.node_id)
        self.results = ResultWriter(self.ledger, Policy(pool.max_attempts, state), wall)
        self.releaser = Releaser(
            self.ledger,
            archive_for=lambda name: self.folders[name].archive if name in self.folders else None,
            inbox_for=lambda name: self.folders[name].inbox if name in self.folders else None,
            wall=wall,
        )
        self.in_flight: dict[str, WorkUnit] = {}
        self.stop_requested = False
        self.attempts_started = 0
        self.deferred = 0
        self._live: dict[str, Any] = {}
        self._next_release_check = 0.0
        self._next_publish = 0.0

    # -- lifecycle -----------------------------------------------------------
    def start(self) -> None:
        self._check_folders()
        resumed = self.ledger.recover()
        if resumed:
            log.info("resuming %d interrupted job(s)", len(resumed))
        for job_id in resumed:
            self._end_if_done(job_id)  # every file ended before the stop: only the receipt was missing
        for job in self.ledger.unreleased_ended_jobs():
            self.releaser.finish(job)
        if self.gate is not None:
            for command, peak in self.ledger.learned_budgets().items():
                self.gate.learn(command, peak)
        if self.pool_settings.warmup:
            self.executor.warm(sorted({worker_key_for(f) for f in self.settings.hotfolders}))
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
            self.step(poll_s=0.2)
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
            unit = self.in_flight.pop(unit_id, None)
            for file_id in unit.file_ids if unit else ():
                if self.ledger.file(file_id).status == "processing":
                    self.ledger.requeue_file(file_id, "shutdown")
        self.ledger.close()
        log.info("stopped")

    # -- one turn of the loop ----------------------------------------------------
    def step(self, poll_s: float = 0.2) -> None:
        self._watch()
        self._cancel_dropped_work()
        self._release_ended()
        self._dispatch()
        self._handle(self.executor.poll(poll_s))
        self._publish()

    def _watch(self) -> None:
        now = self.mono()
        dirty = self.native.drain() if self.native is not None else set()
        overflow = self.native.overflowed() if self.native is not None else False
        for name, watch in self.watches.items():
            folder = self.folders[name]
            if not watch.due(now, folder.inbox in dirty, overflow):
                continue
            result = watch.step(now)
            if not result.ready:
                continue
            claimed = self.ledger.claimed_keys(name)
            for bundle in result.ready:
                members = unclaimed_members(bundle, folder.inbox, claimed)
                if members:
                    self._claim(folder, bundle, members)

    def _claim(self, folder: HotFolder, bundle: Any, members: list[str]) -> None:
        claim = self.intake.claim(folder, self.commands[folder.name], bundle, members)
        if claim is None or claim.failure is None:
            return
        job = self.ledger.job(claim.job_id)
        for record in self.ledger.files(job.id):
            self.ledger.start_file(record.id, None)
            self.results.fail(job, record, claim.failure)
        self._end_if_done(job.id)

    def _cancel_dropped_work(self) -> None:
        if not self.in_flight:
            return
        job_ids = {self._job_of(unit) for unit in self.in_flight.values()}
        for job_id in job_ids:
            if self.ledger.job(job_id).status == JobStatus.CANCELLED:
                for unit_id, unit in list(self.in_flight.items()):
                    if self._job_of(unit) == job_id:
                        log.info("job %s cancelled: stopping unit %s", job_id, unit_id)
                        self.executor.cancel(unit_id)

    def _release_ended(self) -> None:
        """Jobs ended outside the loop (cancelled from the CLI while queued) still get released."""
        now = self.mono()
        if now < self._next_release_check:
            return
        self._next_release_check = now + 2.0
        for job in self.ledger.unreleased_ended_jobs():
            if not any(self._job_of(unit) == job.id for unit in self.in_flight.values()):
                self.releaser.finish(job)

    def _job_of(self, unit: WorkUnit) -> str:
        return self.ledger.file(unit.file_ids[0]).job_id

    def _dispatch(self) -> None:
        busy = {fid for unit in self.in_flight.values() for fid in unit.file_ids}
        runnable = [(job, rec) for job, rec in self.ledger.runnable_files(self.wall()) if rec.id not in busy]
        if not runnable:
            return
        inputs_cache: dict[str, Any] = {}

        def task_for(job: Any, record: Any) -> Any:
            if job.id not in inputs_cache:
                inputs_cache[job.id] = self.ledger.inputs(job.id)
            return file_task(job, record, inputs_cache[job.id], self._media_search(job.folder))

        units = plan_units(
            runnable,
            batch_size=lambda name: getattr(self.registry.get(name), "batch_size", 1),
            timeout_s=self.pool_settings.file_timeout_s,
            task_for=task_for,
        )
        for unit in units:
            self.in_flight[unit.id] = unit
            self.executor.submit(unit)

    def _media_search(self, folder_name: str) -> tuple[Path, ...]:
        folder = self.folders.get(folder_name)
        roots: list[Path] = []
        if folder is not None and folder.media_mapping:
            roots.append(self.settings.media_mappings[folder.media_mapping])
        return tuple(roots + list(self.settings.media_roots))

    def _handle(self, events: list[PoolEvent]) -> None:
        touched: set[str] = set()
        for event in events:
            unit = self.in_flight.get(event.unit_id)
            if unit is None:
                continue
            if isinstance(event, UnitStarted):
                for file_id in unit.file_ids:
                    self.ledger.start_file(file_id, event.worker_pid)
                    self.attempts_started += 1
                continue
            if isinstance(event, UnitDeferred):
                self._defer(unit, event.reason)
                continue
            del self.in_flight[event.unit_id]
            if isinstance(event, UnitCancelled):
                touched.add(self._job_of(unit))
                continue
            for index, file_id in enumerate(unit.file_ids):
                record = self.ledger.file(file_id)
                job = self.ledger.job(record.job_id)
                touched.add(job.id)
                if job.status in ENDED_JOB or record.status != "processing":
                    continue  # cancelled meanwhile: its result is not wanted
                if isinstance(event, UnitFinished):
                    self.results.apply(job, record, event.outcomes[index], traceback=event.tracebacks.get(index), peak_rss_mb=event.peak_rss_mb)
                elif isinstance(event, UnitFailed):
                    self.results.fail(job, record, FileFailure(event.message, event.category))
            if isinstance(event, UnitFinished) and event.peak_rss_mb:
                self.ledger.record_peak(unit.key.command, event.peak_rss_mb)
        for job_id in touched:
            self._end_if_done(job_id)

    def _defer(self, unit: WorkUnit, reason: str) -> None:
        """Memory gate said wait: the jobs show `next_eligible_at` and the wait is counted."""
        self.deferred += 1
        until = self.wall() + DEFER_S
        for job_id in {self.ledger.file(fid).job_id for fid in unit.file_ids}:
            self.ledger.defer_job(job_id, until, reason)
        log.info("unit %s (%s) waits for memory: %s", unit.id, unit.key, reason)

    def _end_if_done(self, job_id: str) -> None:
        self.releaser.end_if_done(job_id)

    # -- what the API shows ----------------------------------------------------
    def _publish(self) -> None:
        now = self.mono()
        if now < self._next_publish:
            return
        self._next_publish = now + 0.5
        stats = self.executor.stats()
        live: dict[str, Any] = {
            "live_workers": stats.live_workers,
            "live_worker_keys": stats.live_worker_keys,
            "loaded_pipelines": sorted({key.split(":")[0] for key in stats.loaded_keys}),
            "job_slots_available": stats.job_slots_available,
            "warmup_status": stats.warmup_status,
            "worker_crashes": stats.worker_crashes,
            "attempts_started": self.attempts_started,
            "attempts_retried": self.results.retried,
            "deferred_work_units": self.deferred,
            "forced_terminal_errors": self.results.forced_terminal,
            "hotfolders": [self._folder_status(name) for name in self.watches],
        }
        if self.gate is not None:
            memory = self.gate.snapshot(self.executor.live_workers())
            live.update(
                system_memory_total_mb=int(memory.total_mb),
                system_memory_available_mb=int(memory.available_mb),
                system_memory_used_mb=int(memory.total_mb - memory.available_mb),
                host_memory_pressure=str(memory.pressure),
                host_memory_reserved_mb=int(memory.reserved_mb),
                memory_gate_threshold_mb=int(memory.reserve_mb),
            )
        self._live = live

    def _folder_status(self, name: str) -> dict[str, Any]:
        status = self.watches[name].status()
        folder = self.folders[name]
        return {
            "name": name,
            "command": folder.command,
            "lang": folder.lang,
            "inbox": str(folder.inbox),
            "watch_mode": status.mode,
            "watch_mode_reason": status.mode_reason,
            "last_scan_at": status.last_scan_at,
            "last_scan_duration_s": status.last_scan_duration_s,
            "scan_errors": list(status.scan_errors),
            "files_settling": status.settling_files,
            "bundles_waiting": status.waiting_bundles,
        }

    def live(self) -> dict[str, Any]:
        return self._live


__all__ = ["Daemon", "FailureCategory"]
