"""What /health and the job views show of the Temporal executor (shapes as batchalign3's schema has them).

The API owns the endpoints; these functions only assemble the data, from the executor and the
worker machines' reports, so they can be called from a snapshot every half second.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from hotfolder.pool.temporal.executor import TemporalExecutor
from hotfolder.pool.temporal.hosts import HostReport, is_live


def _iso(wall: float) -> str:
    return datetime.fromtimestamp(wall, UTC).isoformat().replace("+00:00", "Z")


def host_view(report: HostReport, now: float, stale_after_s: float) -> dict[str, Any]:
    """One worker machine: its capabilities (queues as command, language, memory class) and last heartbeat."""
    capabilities = []
    for queue in report.queues:
        parts = queue.split(".")
        if len(parts) >= 4:
            capabilities.append({"command": parts[-3], "lang": parts[-2], "memory_class": parts[-1]})
    return {
        "identity": report.identity, "hostname": report.hostname, "capabilities": capabilities, "task_queues": list(report.queues),
        "max_workers": report.max_workers, "busy_units": report.busy_units, "units_done": report.units_done,
        "memory_total_mb": report.memory_total_mb, "memory_available_mb": report.memory_available_mb, "memory_deferrals": report.deferrals,
        "last_heartbeat_at": _iso(report.last_heartbeat), "live": is_live(report, now, stale_after_s),
    }


def executor_health(executor: TemporalExecutor) -> dict[str, Any]:
    """The /health fields: executor, control plane state, worker machines seen, fencing counters."""
    now = time.time()
    stale = 3 * executor.settings.heartbeat_timeout_s
    stats = executor.stats()
    return {
        "executor": "temporal",
        "control_plane": {"backend": "temporal", "address": executor.settings.address, "namespace": executor.settings.namespace,
                          "task_queue_prefix": executor.settings.task_queue_prefix, "connected": executor.connected,
                          "last_error": executor.last_error},
        "worker_hosts": [host_view(r, now, stale) for r in executor.hosts()],
        "units_in_flight": stats.busy_workers,
        "units_waiting": stats.pending_units,
        "duplicate_results_ignored": executor.duplicates_ignored,
    }


def job_control_plane(executor: TemporalExecutor, unit_ids: list[str]) -> dict[str, Any] | None:
    """A job's `control_plane` (batchalign3 JobControlPlaneInfo): the workflow of its first unit in flight, None when none is."""
    for unit_id in unit_ids:
        info = executor.workflow_of(unit_id)
        if info is not None:
            return {"backend": "temporal", "temporal": info}
    return None
