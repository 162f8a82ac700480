"""The daemon's live facts: what it knows that the ledger does not, for `/health` and `/metrics`.

The daemon publishes one frozen snapshot about twice a second; the API reads it per
request. Every field is a `HealthResponse` field the API does not fill itself, so a
misspelt or reserved fact fails where the daemon builds it, not at request time.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from hotfolder.api.schemas import HostMemoryPressureLevel, HotfolderStatus, JobControlPlaneInfo, ScaleOutStatus, WarmupStatus


class LiveFacts(BaseModel):
    """One snapshot; None (the default) means "not known here" and is left out of `/health`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    live_workers: int | None = None
    live_worker_keys: tuple[str, ...] | None = None
    # batchalign3's `profile:<kind>:<lang> (N total, M idle)` from the pool's exact counts (not a /health field:
    # appended to live_worker_keys)
    worker_profiles: tuple[str, ...] | None = None
    loaded_pipelines: tuple[str, ...] | None = None
    job_slots_available: int | None = None
    warmup_status: WarmupStatus | None = None
    worker_crashes: int | None = None
    attempts_started: int | None = None
    attempts_retried: int | None = None
    deferred_work_units: int | None = None
    forced_terminal_errors: int | None = None
    # Only with a memory gate.
    system_memory_total_mb: int | None = None
    system_memory_available_mb: int | None = None
    system_memory_used_mb: int | None = None
    host_memory_pressure: HostMemoryPressureLevel | None = None
    host_memory_reserved_mb: int | None = None
    memory_gate_threshold_mb: int | None = None
    hotfolders: tuple[HotfolderStatus, ...] | None = None
    languages: dict[str, tuple[str, ...]] | None = None  # per command that lists its languages (morphotag)
    scale_out: ScaleOutStatus | None = None
    # Not a /health field: each running job's control plane under Temporal, for the job views.
    job_control_planes: dict[str, JobControlPlaneInfo] | None = None


NO_LIVE_FACTS = LiveFacts()  # the API without a daemon (tests, tools): nothing beyond the ledger
