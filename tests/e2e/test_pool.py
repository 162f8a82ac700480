"""The memory-aware pool through the real daemon: deferral, warm reuse, idle release, timeouts, crashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.daemon import fetch_until, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND
from tests.support.testengine import LOADS_ENV

pytestmark = pytest.mark.e2e

HEALTH_POOL_FIELDS = {
    "system_memory_total_mb", "system_memory_available_mb", "system_memory_used_mb", "host_memory_pressure",
    "host_memory_reserved_mb", "memory_gate_threshold_mb", "job_slots_available", "live_workers", "live_worker_keys",
    "loaded_pipelines", "worker_crashes", "attempts_started", "attempts_retried", "deferred_work_units",
    "forced_terminal_errors", "warmup_status",
}


def test_job_waits_visibly_when_memory_is_short(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"memory_reserve_mb": 10_000_000}})
    d.start()
    (d.folders["t"].inbox / "a.txt").write_text("sleep 0\n")
    job = wait_for(lambda: next(iter(d.jobs()), None), what="the job")
    detail = fetch_until(lambda: d.get(f"/jobs/{job['job_id']}"), lambda b: bool(b.get("next_eligible_at")), what="deferral")
    assert detail["status"] == "queued"
    health = fetch_until(lambda: d.get("/health"), lambda h: h["deferred_work_units"] >= 1, what="deferral counted")
    assert set(health) >= HEALTH_POOL_FIELDS, HEALTH_POOL_FIELDS - set(health)
    assert health["host_memory_pressure"] == "critical"
    assert health["memory_gate_threshold_mb"] == 10_000_000
    assert health["live_workers"] == 0  # nothing started beyond the reserve, not even the warm-up
    assert d.stop() == 0


def test_second_job_reuses_the_warm_worker_then_it_is_released(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"worker_idle_s": 3}})
    loads = tmp_path / "loads.txt"
    d.env[LOADS_ENV] = str(loads)
    d.start()
    wait_for(lambda: d.get("/health")["warmup_status"] == "complete", what="warm-up")
    inbox = d.folders["t"].inbox
    (inbox / "one.txt").write_text("sleep 0\n")
    d.wait_jobs_ended(1)
    (inbox / "two.txt").write_text("sleep 0\n")
    d.wait_jobs_ended(2)
    assert len(loads.read_text().splitlines()) == 1  # loaded once: warm-up, then two jobs
    health = d.get("/health")
    assert health["loaded_pipelines"] == [TEST_COMMAND]
    wait_for(lambda: d.get("/health")["live_workers"] == 0, timeout=30, what="idle worker released")
    assert d.stop() == 0


def test_hung_file_times_out_and_crashing_file_ends_in_failed(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"file_timeout_s": 1.5, "max_attempts": 2}})
    d.start()
    inbox, failed = d.folders["t"].inbox, d.folders["t"].failed
    (inbox / "hang.txt").write_text("hang\n")
    (inbox / "segv.txt").write_text("crash SIGSEGV\n")
    jobs = d.wait_jobs_ended(2, timeout=120)
    assert {j["status"] for j in jobs} == {"failed"}
    hang = json.loads((failed / "hang" / "hang.txt.error.json").read_text())
    segv = json.loads((failed / "segv" / "segv.txt.error.json").read_text())
    assert (hang["category"], hang["attempts"]) == ("worker_timeout", 2)
    assert (segv["category"], segv["attempts"]) == ("worker_crash", 2)
    assert "SIGSEGV" in segv["message"]
    health = fetch_until(lambda: d.get("/health"), lambda h: h["forced_terminal_errors"] == 2, what="counters published")
    assert health["worker_crashes"] >= 2 and health["attempts_retried"] >= 2
    assert d.stop() == 0
