"""The executor's part of the live facts: `scale_out` on /health, and `control_plane` per running job under Temporal."""

from __future__ import annotations

import sys

from hotfolder.api.scaleout import LOCAL, JobControlPlaneInfo, ScaleOutStatus
from hotfolder.daemon.flight import InFlight
from hotfolder.pool.executor import Executor

TEMPORAL_MODULE = "hotfolder.pool.temporal.executor"  # loaded only when the config asks for Temporal (temporalio is an extra)


def units_by_job(in_flight: InFlight) -> dict[str, list[str]]:
    """Each job with units in flight and those units' ids, in the order they were handed out."""
    found: dict[str, list[str]] = {}
    for unit_id, flight in in_flight.units.items():
        for job_id in flight.jobs:
            found.setdefault(job_id, []).append(unit_id)
    return found


def scale_out_facts(executor: Executor, in_flight: InFlight) -> tuple[ScaleOutStatus, dict[str, JobControlPlaneInfo] | None]:
    """The local executor: `executor: local` and no job control planes (the job views stay as they were)."""
    module = sys.modules.get(TEMPORAL_MODULE)
    if module is None or not isinstance(executor, module.TemporalExecutor):
        return LOCAL, None
    from hotfolder.pool.temporal.health import executor_health, job_control_plane

    planes: dict[str, JobControlPlaneInfo] = {}
    for job_id, unit_ids in units_by_job(in_flight).items():
        plane = job_control_plane(executor, unit_ids)
        if plane is not None:
            planes[job_id] = JobControlPlaneInfo.model_validate(plane)
    return ScaleOutStatus.model_validate(executor_health(executor)), planes
