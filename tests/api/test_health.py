"""GET /health: ledger counts, settings, and the daemon's live facts merged in."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from pydantic import ValidationError
from starlette.testclient import TestClient

from hotfolder.api.health import API_FIELDS, FOLDED_FACTS, health_response
from hotfolder.api.live import NO_LIVE_FACTS, LiveFacts
from hotfolder.api.schemas import HealthResponse, HotfolderStatus, JobStatus, ReleasedCommand

from .conftest import ConformsTo, Ledger, MakeClient


def live_facts() -> LiveFacts:
    return LiveFacts.model_validate({
        "live_workers": 2,
        "live_worker_keys": ["morphotag:eng", "utseg:eng"],
        "system_memory_total_mb": 16000,
        "system_memory_available_mb": 9000,
        "host_memory_pressure": "guarded",
        "warmup_status": "complete",
        "job_slots_available": 1,
        "hotfolders": [
            {  # the shape hotfolder.daemon.service publishes
                "name": "lab",
                "command": "morphotag",
                "lang": "eng",
                "inbox": "/srv/lab/inbox",
                "watch_mode": "polling",
                "watch_mode_reason": "inbox is on nfs4",
                "last_scan_at": 1_767_225_600.5,
                "files_settling": 2,
                "bundles_waiting": 1,
            },
            HotfolderStatus(
                name="asr", command=ReleasedCommand.TRANSCRIBE, watch_mode="native", queue_length=7
            ),
        ],
    })


def test_health_from_the_ledger_alone(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    for status in ("queued", "queued", "running", "completed", "failed"):
        ledger.job(status=status)

    response = client.get("/health")

    assert response.status_code == 200
    body = response.json()
    conforms(body, "HealthResponse")
    assert body == {
        "status": "ok",
        "version": "0.1.0",
        "node_id": "node-a",
        "capabilities": ["morphotag", "utseg"],
        "active_jobs": 3,
        "jobs_by_status": {
            "queued": 2,
            "running": 1,
            "completed": 1,
            "failed": 1,
            "cancelled": 0,
            "interrupted": 0,
        },
    }


def test_live_facts_are_merged(ledger: Ledger, make_client: MakeClient, conforms: ConformsTo) -> None:
    ledger.job(folder="lab", status="queued")
    ledger.job(folder="lab", status="queued")
    ledger.job(folder="lab", status="running")

    body = make_client(live=live_facts).get("/health").json()

    conforms(body, "HealthResponse")
    assert body["live_workers"] == 2
    # Ours, then batchalign3's form (its dashboard parses it); no file processing: all idle.
    assert body["live_worker_keys"] == [
        "morphotag:eng",
        "utseg:eng",
        "profile:morphotag:eng (1 total, 1 idle)",
        "profile:utseg:eng (1 total, 1 idle)",
    ]
    assert (body["system_memory_total_mb"], body["system_memory_available_mb"]) == (16000, 9000)
    assert (body["host_memory_pressure"], body["warmup_status"]) == ("guarded", "complete")
    lab, asr = body["hotfolders"]
    assert lab == {
        "name": "lab",
        "command": "morphotag",
        "lang": "eng",
        "inbox": "/srv/lab/inbox",
        "watch_mode": "polling",
        "watch_mode_reason": "inbox is on nfs4",
        "last_scan_at": 1_767_225_600.5,
        "files_settling": 2,
        "bundles_waiting": 1,
        "queue_length": 2,  # from the ledger: lab's queued jobs
    }
    assert asr["queue_length"] == 7  # the daemon's own figure is kept


def test_live_facts_are_health_fields_the_api_does_not_fill() -> None:
    assert set(LiveFacts.model_fields) - FOLDED_FACTS <= set(HealthResponse.model_fields) - API_FIELDS


@pytest.mark.parametrize("facts", [{"live_wrokers": 2}, {"version": "9.9"}, {"active_jobs": 0}])
def test_unknown_or_reserved_live_keys_are_refused(facts: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match=next(iter(facts))):
        LiveFacts.model_validate(facts)


def test_bad_live_facts_are_a_logged_500(make_client: MakeClient, caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(live=lambda: LiveFacts.model_validate({"live_wrokers": 2}))

    with caplog.at_level(logging.ERROR, logger="hotfolder.api"):
        response = client.get("/health")

    assert (response.status_code, response.json()) == (500, {"detail": "internal error"})
    record = caplog.records[-1]
    assert record.exc_info is not None and "live_wrokers" in str(record.exc_info[1])


def test_active_jobs_are_queued_plus_running() -> None:
    counts = {JobStatus.QUEUED: 2, JobStatus.RUNNING: 4, JobStatus.COMPLETED: 9}
    body = health_response(
        version="1", node_id="n", capabilities=["align"], counts=counts, queued={}, live=NO_LIVE_FACTS
    )
    assert body.active_jobs == 6
