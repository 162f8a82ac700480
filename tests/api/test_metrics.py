"""`/metrics`: Prometheus text read from the ledger and the live facts at every scrape."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families
from starlette.testclient import TestClient

from hotfolder.api.live import LiveFacts

from .conftest import Ledger, MakeClient

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(client: TestClient) -> Samples:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def attempt(
    ledger: Ledger,
    job: str,
    started: float,
    finished: float | None,
    outcome: str | None,
    category: str | None = None,
) -> None:
    file_id = ledger.conn.execute("SELECT min(id) FROM files WHERE job_id = ?", (job,)).fetchone()[0]
    ledger.conn.execute(
        "INSERT INTO attempts (file_id, job_id, number, started_at, finished_at, outcome, category)"
        " VALUES (?, ?, 1, ?, ?, ?, ?)",
        (file_id, job, started, finished, outcome, category),
    )


@pytest.fixture
def seeded(ledger: Ledger) -> Ledger:
    done = ledger.job(status="completed", command="morphotag")
    ledger.file(done, "a.cha", "done")
    ledger.file(done, "b.cha", "error")
    running = ledger.job(status="running", command="align", folder="audio")
    ledger.file(running, "c.cha", "processing")
    ledger.file(running, "d.cha", "queued")
    for folder in ("lab", "lab", "audio"):
        ledger.job(status="queued", folder=folder)
    attempt(ledger, done, 100.0, 102.5, "done")
    attempt(ledger, done, 100.0, 101.0, "error", "parse_error")
    attempt(ledger, done, 110.0, 110.5, "retry", "worker_crash")
    attempt(ledger, running, 200.0, 210.0, "retry", "worker_timeout")
    attempt(ledger, running, 220.0, None, None)
    return ledger


LIVE = LiveFacts.model_validate({
    "host_memory_pressure": "constrained",
    "system_memory_available_mb": 2048,
    "live_workers": 2,
    "hotfolders": [
        {
            "name": "lab",
            "command": "morphotag",
            "watch_mode": "polling",
            "watch_mode_reason": "nfs4",
            "last_scan_at": 1_767_225_600.5,
            "last_scan_duration_s": 0.25,
            "scan_errors": ["cannot read x"],
            "files_settling": 3,
            "bundles_waiting": 1,
        },
        {"name": "empty", "command": "utseg", "watch_mode": "native"},
    ],
})


def test_ledger_counts(seeded: Ledger, client: TestClient) -> None:
    samples = scrape(client)

    assert samples[("hotfolder_jobs", (("status", "queued"),))] == 3
    assert samples[("hotfolder_jobs", (("status", "failed"),))] == 0
    assert samples[("hotfolder_files", (("status", "done"),))] == 1
    assert samples[("hotfolder_files", (("status", "processing"),))] == 1
    assert samples[("hotfolder_attempts_total", (("outcome", "retry"),))] == 2
    assert samples[("hotfolder_attempts_total", (("outcome", "cancelled"),))] == 0
    assert samples[("hotfolder_attempts_running", ())] == 1
    assert samples[("hotfolder_retries_total", ())] == 2
    assert samples[("hotfolder_worker_crashes_total", ())] == 1
    assert samples[("hotfolder_attempt_failures_total", (("category", "worker_timeout"),))] == 1
    assert samples[("hotfolder_queue_length", (("folder", "lab"),))] == 2
    assert samples[("hotfolder_queue_length", (("folder", "audio"),))] == 1
    assert samples[("hotfolder_info", (("node_id", "node-a"), ("version", "0.1.0")))] == 1


def test_processing_seconds_per_command(seeded: Ledger, client: TestClient) -> None:
    samples = scrape(client)

    assert samples[("hotfolder_processing_seconds_count", (("command", "morphotag"),))] == 3
    assert samples[("hotfolder_processing_seconds_sum", (("command", "morphotag"),))] == pytest.approx(4.0)
    # The attempt still running is not counted until it ends.
    assert samples[("hotfolder_processing_seconds_count", (("command", "align"),))] == 1
    assert samples[("hotfolder_processing_seconds_sum", (("command", "align"),))] == pytest.approx(10.0)


def test_an_interrupted_attempt_is_counted_but_never_timed(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="queued", command="morphotag")
    ledger.file(job, "a.cha", "queued")
    attempt(ledger, job, 100.0, 101.5, "done")
    attempt(ledger, job, 200.0, 200.0 + 8 * 3600, "interrupted")  # a crash; the restart came 8 h later

    samples = scrape(client)

    assert samples[("hotfolder_attempts_total", (("outcome", "interrupted"),))] == 1
    assert samples[("hotfolder_processing_seconds_count", (("command", "morphotag"),))] == 1
    assert samples[("hotfolder_processing_seconds_sum", (("command", "morphotag"),))] == pytest.approx(1.5)


def test_live_facts(seeded: Ledger, make_client: MakeClient) -> None:
    samples = scrape(make_client(live=lambda: LIVE))

    assert samples[("hotfolder_memory_pressure", (("level", "constrained"),))] == 1
    assert samples[("hotfolder_memory_pressure", (("level", "healthy"),))] == 0
    assert samples[("hotfolder_memory_available_bytes", ())] == 2048 * 1024 * 1024
    assert samples[("hotfolder_live_workers", ())] == 2
    assert samples[("hotfolder_scan_duration_seconds", (("folder", "lab"),))] == 0.25
    assert samples[("hotfolder_last_scan_timestamp_seconds", (("folder", "lab"),))] == 1_767_225_600.5
    assert samples[("hotfolder_files_settling", (("folder", "lab"),))] == 3
    assert samples[("hotfolder_bundles_waiting", (("folder", "lab"),))] == 1
    assert samples[("hotfolder_scan_errors", (("folder", "lab"),))] == 1
    assert samples[("hotfolder_watch_mode", (("folder", "lab"), ("mode", "polling")))] == 1
    assert samples[("hotfolder_watch_mode", (("folder", "empty"), ("mode", "native")))] == 1
    # A folder the daemon reports with nothing queued still has its queue gauge.
    assert samples[("hotfolder_queue_length", (("folder", "empty"),))] == 0
    assert ("hotfolder_scan_duration_seconds", (("folder", "empty"),)) not in samples


def test_no_live_facts_no_live_gauges(seeded: Ledger, client: TestClient) -> None:
    names = {name for name, _ in scrape(client)}

    assert not {"hotfolder_memory_pressure", "hotfolder_live_workers", "hotfolder_watch_mode"} & names


def test_every_scrape_reads_the_ledger_again(ledger: Ledger, client: TestClient) -> None:
    before = scrape(client)[("hotfolder_jobs", (("status", "completed"),))]
    ledger.job(status="completed")
    after = scrape(client)[("hotfolder_jobs", (("status", "completed"),))]

    assert (before, after) == (0, 1)


def test_every_name_is_hotfolders(seeded: Ledger, make_client: MakeClient) -> None:
    names = {name for name, _ in scrape(make_client(live=lambda: LIVE))}

    assert names and all(name.startswith("hotfolder_") for name in names)


def test_missing_ledger_is_503(make_client: MakeClient, tmp_path: Any) -> None:
    response = make_client(db_path=tmp_path / "nope.db").get("/metrics")

    assert response.status_code == 503
    assert response.json()["detail"].endswith("is not available: no such file")
