"""The daemon's live facts for the API (/health, metrics), built from the pool, the gate and the watches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hotfolder.api.live import LiveFacts
from hotfolder.api.schemas import HostMemoryPressureLevel, HotfolderStatus, ReleasedCommand, StuckBundle, WarmupStatus
from hotfolder.api.workerkeys import exact_profiles
from hotfolder.config.models import ResolvedFolder
from hotfolder.daemon.flight import InFlight
from hotfolder.daemon.scaleout import scale_out_facts
from hotfolder.pool.executor import Executor
from hotfolder.pool.gate import MemoryGate
from hotfolder.watch.folder import FolderWatch

STUCK_SHOWN = 50  # /health lists this many stuck bundles per folder, longest waiting first


@dataclass(frozen=True)
class Counters:
    attempts_started: int
    attempts_retried: int
    deferred_work_units: int
    forced_terminal_errors: int


def live_facts(
    executor: Executor,
    gate: MemoryGate | None,
    counters: Counters,
    watches: Mapping[str, FolderWatch],
    folders: Mapping[str, ResolvedFolder],
    now_mono: float,
    languages: Mapping[str, tuple[str, ...]],
    in_flight: InFlight | None = None,
) -> LiveFacts:
    stats = executor.stats()
    scale_out, planes = scale_out_facts(executor, in_flight or InFlight())
    memory_facts: dict[str, Any] = {}
    if gate is not None:
        memory = gate.snapshot(executor.live_workers())
        memory_facts = {
            "system_memory_total_mb": int(memory.total_mb),
            "system_memory_available_mb": int(memory.available_mb),
            "system_memory_used_mb": int(memory.total_mb - memory.available_mb),
            "host_memory_pressure": HostMemoryPressureLevel(str(memory.pressure)),
            "host_memory_reserved_mb": int(memory.reserved_mb),
            "memory_gate_threshold_mb": int(memory.reserve_mb),
        }
    return LiveFacts(
        live_workers=stats.live_workers,
        live_worker_keys=tuple(stats.live_worker_keys),
        worker_profiles=tuple(exact_profiles(stats.worker_counts)) if stats.worker_counts or not stats.live_worker_keys else None,
        loaded_pipelines=tuple(sorted({key.split(":")[0] for key in stats.loaded_keys})),
        job_slots_available=stats.job_slots_available,
        warmup_status=WarmupStatus(stats.warmup_status),
        worker_crashes=stats.worker_crashes,
        hotfolders=tuple(folder_status(watches[name], folders[name], now_mono) for name in watches),
        languages=dict(languages) or None,
        attempts_started=counters.attempts_started,
        attempts_retried=counters.attempts_retried,
        deferred_work_units=counters.deferred_work_units,
        forced_terminal_errors=counters.forced_terminal_errors,
        scale_out=scale_out,
        job_control_planes=planes,
        **memory_facts,
    )


def folder_status(watch: FolderWatch, folder: ResolvedFolder, now_mono: float) -> HotfolderStatus:
    status = watch.status()
    return HotfolderStatus(
        name=folder.name,
        command=ReleasedCommand(folder.command),
        lang=folder.lang,
        inbox=str(folder.inbox),
        watch_mode="native" if status.mode == "native" else "polling",
        watch_mode_reason=status.mode_reason,
        last_scan_at=status.last_scan_at,
        last_scan_duration_s=status.last_scan_duration_s,
        scan_errors=list(status.scan_errors),
        files_settling=status.settling_files,
        bundles_waiting=status.waiting_bundles,
        bundles_stuck=[
            StuckBundle(name=w.name, reason=w.reason, waiting_s=round(now_mono - w.since, 1))
            for w in watch.stuck(now_mono, folder.incomplete_after_s)[:STUCK_SHOWN]
        ],
    )
