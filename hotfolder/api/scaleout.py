"""What `/health` and the job views show of the executor: where work units run (this host, or Temporal's workers).

`JobControlPlaneInfo` and `TemporalWorkflowExecutionInfo` mirror batchalign3's schemas field for
field; `ScaleOutStatus` is hotfolder's own addition to `/health` (the worker machines seen).
Built by the daemon (hotfolder.pool.temporal.health assembles the Temporal side).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Body(BaseModel):
    # As hotfolder.api.schemas: our own output, a misspelt field is a bug.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class JobControlPlaneBackendKind(StrEnum):
    """Control-plane backend that owns orchestration of a job."""

    TEMPORAL = "temporal"
    TEST = "test"


class TemporalWorkflowExecutionInfo(_Body):
    """The Temporal workflow running (a unit of) the job."""

    workflow_id: str
    run_id: str | None = None
    task_queue: str | None = None
    status: str | None = None
    """`queued` (start not yet taken by Temporal) or `running`."""
    history_length: int | None = None
    describe_error: str | None = None


class JobControlPlaneInfo(_Body):
    """A job's `control_plane`: the workflow of its first unit in flight."""

    backend: JobControlPlaneBackendKind
    temporal: TemporalWorkflowExecutionInfo | None = None


class WorkerCapability(_Body):
    """One task queue a worker machine polls."""

    command: str
    lang: str
    memory_class: str


class WorkerHost(_Body):
    """A worker machine seen in the last hour, from the report it writes every heartbeat."""

    identity: str
    hostname: str
    capabilities: list[WorkerCapability]
    task_queues: list[str]
    max_workers: int
    busy_units: int
    units_done: int
    memory_total_mb: int
    memory_available_mb: int
    memory_deferrals: int
    """Units its memory gate held back."""
    last_heartbeat_at: str
    """ISO 8601, UTC, by the worker machine's clock."""
    live: bool
    """Heartbeat within three heartbeat timeouts."""


class ControlPlaneStatus(_Body):
    """The Temporal service the lab server starts units on."""

    backend: Literal["temporal"]
    address: str
    namespace: str
    task_queue_prefix: str
    connected: bool
    last_error: str | None = None


class ScaleOutStatus(_Body):
    """hotfolder's addition to `/health`: the executor, and with Temporal its control plane and worker machines."""

    executor: Literal["local", "temporal"]
    control_plane: ControlPlaneStatus | None = None
    worker_hosts: list[WorkerHost] = []
    units_in_flight: int | None = None
    units_waiting: int | None = None
    duplicate_results_ignored: int = 0
    """Results of a superseded attempt, dropped (Temporal delivers at least once)."""


LOCAL = ScaleOutStatus(executor="local")
