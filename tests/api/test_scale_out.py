"""`scale_out` on /health and `control_plane` on a running job, as the daemon's live facts give them."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from hotfolder.api.live import LiveFacts
from hotfolder.api.scaleout import LOCAL
from hotfolder.daemon.flight import InFlight
from hotfolder.daemon.scaleout import units_by_job
from hotfolder.pool.units import WorkerKey, WorkUnit

from .conftest import ConformsTo, Ledger, MakeClient

HOST = {
    "identity": "w1@gpu-a", "hostname": "gpu-a", "capabilities": [{"command": "morphotag", "lang": "eng", "memory_class": "s"}],
    "task_queues": ["hf.morphotag.eng.s"], "max_workers": 2, "busy_units": 1, "units_done": 4, "memory_total_mb": 64000,
    "memory_available_mb": 40000, "memory_deferrals": 0, "last_heartbeat_at": "2026-12-07T10:00:00Z", "live": True,
}
PLANE = {"backend": "temporal", "temporal": {"workflow_id": "hf-node-a-u1", "task_queue": "hf.morphotag.eng.s", "run_id": "r1", "status": "running"}}


def test_the_local_executor_shows_local_and_no_hosts(make_client: MakeClient, conforms: ConformsTo) -> None:
    body = make_client(live=lambda: LiveFacts(scale_out=LOCAL)).get("/health").json()

    conforms(body, "HealthResponse")
    assert body["scale_out"] == {"executor": "local", "worker_hosts": [], "duplicate_results_ignored": 0}


def test_temporal_shows_the_worker_machines(make_client: MakeClient, conforms: ConformsTo) -> None:
    scale_out = {"executor": "temporal", "worker_hosts": [HOST], "units_in_flight": 1, "units_waiting": 0, "duplicate_results_ignored": 2,
                 "control_plane": {"backend": "temporal", "address": "t:7233", "namespace": "default", "task_queue_prefix": "hf", "connected": True}}
    body = make_client(live=lambda: LiveFacts.model_validate({"scale_out": scale_out})).get("/health").json()

    conforms(body, "HealthResponse")
    assert body["scale_out"] == scale_out
    assert "job_control_planes" not in body  # shown on the jobs, not on /health


def _job_views(client: TestClient, job_id: str) -> dict[str, object]:
    response = client.get(f"/jobs/{job_id}")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


def test_a_running_job_under_temporal_has_its_control_plane(ledger: Ledger, make_client: MakeClient, conforms: ConformsTo) -> None:
    running, done = ledger.job(status="running"), ledger.job(status="completed")
    live = LiveFacts.model_validate({"job_control_planes": {running: PLANE, done: PLANE}})
    client = make_client(live=lambda: live)

    body = _job_views(client, running)
    conforms(body, "JobInfo")
    assert body["control_plane"] == PLANE
    assert "control_plane" not in _job_views(client, done)  # ended: no workflow in flight, whatever a stale snapshot says


@pytest.mark.parametrize("query", ["", "?limit=5"], ids=["every job", "a page"])
def test_the_job_list_carries_running_jobs_control_planes(query: str, ledger: Ledger, make_client: MakeClient, conforms: ConformsTo) -> None:
    running, done, other = ledger.job(status="running"), ledger.job(status="completed"), ledger.job(status="running")
    client = make_client(live=lambda: LiveFacts.model_validate({"job_control_planes": {running: PLANE, done: PLANE}}))

    body = client.get(f"/jobs{query}").json()

    for item in body:
        conforms(item, "JobListItem")
    planes = {item["job_id"]: item.get("control_plane") for item in body}
    assert planes == {running: PLANE, done: None, other: None}


def test_without_temporal_a_running_job_has_no_control_plane(ledger: Ledger, make_client: MakeClient) -> None:
    running = ledger.job(status="running")
    client = make_client(live=lambda: LiveFacts(scale_out=LOCAL))
    assert "control_plane" not in _job_views(client, running)


def test_units_by_job_lists_each_jobs_units_in_order() -> None:
    in_flight = InFlight()
    key = WorkerKey("morphotag", "eng")
    for unit_id, jobs in (("u1", {"a"}), ("u2", {"a", "b"}), ("u3", {"b"})):
        in_flight.add(WorkUnit(id=unit_id, key=key, tasks=(), file_ids=(), timeout_s=60.0), jobs)
    found = units_by_job(in_flight)
    assert found == {"a": ["u1", "u2"], "b": ["u2", "u3"]}
