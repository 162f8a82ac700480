"""The data /health and the job views take from the Temporal executor."""

from __future__ import annotations

from pathlib import Path

from hotfolder.pool.temporal.health import executor_health, job_control_plane
from tests.temporal.cluster import Cluster
from tests.temporal.helpers import collect, unit_of


def test_health_lists_the_worker_machines_and_a_running_units_workflow(temporal_cluster: Cluster, tmp_path: Path) -> None:
    executor = temporal_cluster.executor()
    try:
        unit = unit_of(tmp_path, "sleep 2\n")
        executor.submit(unit)
        temporal_cluster.busy_host()
        plane = job_control_plane(executor, ["not-in-flight", unit.id])
        assert plane is not None and plane["backend"] == "temporal"
        assert plane["temporal"]["workflow_id"].endswith(unit.id) and plane["temporal"]["task_queue"] == "hftest.test.eng.s"
        assert plane["temporal"]["status"] == "running" and plane["temporal"]["run_id"]
        health = executor_health(executor)
        assert health["executor"] == "temporal" and health["control_plane"]["connected"] is True
        live = [h for h in health["worker_hosts"] if h["live"]]
        assert len(live) >= 2 and {"command": "test", "lang": "eng", "memory_class": "s"} in live[0]["capabilities"]
        assert health["units_in_flight"] == 1 and health["duplicate_results_ignored"] == 0
        collect(executor, {unit.id})
        assert job_control_plane(executor, [unit.id]) is None  # done: no workflow of it in flight
    finally:
        executor.shutdown(grace_s=0)
