"""Crashes, kills, retries, cancel and restart, with the real daemon and real workers."""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.support.daemon import make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e


def test_kill9_at_any_moment_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"max_workers": 2}})
    folder = d.folders["t"]
    names = [f"f{i:02d}.txt" for i in range(16)]
    for name in names:
        (folder.inbox / name).write_text(f"sleep 0.3\n# {name}\n")
    d.start()
    wait_for(lambda: len(list(folder.outbox.glob("*.receipt.json"))) >= 3, what="a few jobs done")
    d.kill9()
    for pause in (0.3, 1.1, 2.3):  # more kills at other moments: claiming, processing, releasing
        d.start()
        time.sleep(pause)  # the moment of the kill, not a synchronisation
        d.kill9()
    d.start()
    wait_for(lambda: len(list(folder.outbox.glob("*.receipt.json"))) == len(names), timeout=120, what="every receipt")
    assert d.stop() == 0, d.log()
    for name in names:
        assert (folder.outbox / name).read_text() == f"sleep 0.3\n# {name}\nok\n"
    assert sorted(p.name for p in folder.outbox.glob("*.txt")) == names
    assert not list(folder.failed.rglob("*")) if folder.failed.exists() else True
    wait_for(lambda: not any(folder.inbox.iterdir()), what="inbox emptied")
    db = sqlite3.connect(tmp_path / "state" / "ledger.db")
    rows = db.execute("SELECT f.filename, COUNT(*) FROM files f JOIN jobs j ON j.id = f.job_id WHERE f.status = 'done' GROUP BY f.filename").fetchall()
    assert sorted(rows) == [(name, 1) for name in names]  # exactly one done record per input


def test_sigterm_finishes_the_file_in_hand(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    d.start()
    folder = d.folders["t"]
    (folder.inbox / "long.txt").write_text("sleep 3\n")
    wait_for(lambda: any(j["status"] == "running" for j in d.jobs()), what="running")
    assert d.stop(signal.SIGTERM) == 0
    assert (folder.outbox / "long.txt").exists()
    assert "stopping: finishing files in hand" in d.log()


def test_crashing_file_retries_then_fails_alone(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    d.start()
    folder = d.folders["t"]
    (folder.inbox / "bomb.txt").write_text("crash SIGKILL\n")
    (folder.inbox / "fine.txt").write_text("sleep 0\n")
    (folder.inbox / "flaky.txt").write_text("transient\n")
    jobs = {j["job_id"]: j for j in d.wait_jobs_ended(3, timeout=120)}
    details = [d.get(f"/jobs/{job_id}") for job_id in jobs]
    by_file = {det["file_statuses"][0]["filename"]: det for det in details}
    assert by_file["fine.txt"]["status"] == "completed"
    assert by_file["flaky.txt"]["status"] == "completed"
    bomb = by_file["bomb.txt"]
    assert bomb["status"] == "failed"
    entry = bomb["file_statuses"][0]
    assert entry["error_category"] == "worker_crash"
    assert "SIGKILL" in entry["error"]
    reason = json.loads((folder.failed / "bomb" / "bomb.txt.error.json").read_text())
    assert reason["attempts"] == 3 and reason["category"] == "worker_crash"
    assert reason["bug_report_id"]
    assert (tmp_path / "state" / "bug-reports" / f"{reason['bug_report_id']}.json").exists()
    assert d.stop() == 0


def test_cancel_and_restart_through_the_cli(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"max_workers": 1}})
    d.start()
    folder = d.folders["t"]
    bundle = folder.inbox / "B"
    bundle.mkdir()
    for i in range(3):
        (bundle / f"{i}.txt").write_text("sleep 6\n")
    job = wait_for(lambda: next((j for j in d.jobs() if j["status"] == "running"), None), what="running job")
    done = d.cli("cancel", job["job_id"][:8], "--config", str(d.config_path))
    assert done.returncode == 0, done.stderr
    assert "cancelled" in done.stdout
    wait_for(lambda: d.get(f"/jobs/{job['job_id']}")["status"] == "cancelled", timeout=10, what="cancelled")
    wait_for(lambda: (folder.failed / "B" / "0.txt").exists(), timeout=10, what="inputs kept in failed/")
    wait_for(lambda: d.get("/health").get("live_workers", 1) == 0, timeout=10, what="its worker stopped")
    assert not (folder.outbox / "B" / "0.txt").exists()
    assert d.stop() == 0
    d.start()  # cancelled stays cancelled across a daemon restart
    assert d.get(f"/jobs/{job['job_id']}")["status"] == "cancelled"
    assert d.get("/health")["live_workers"] <= 1  # at most the warm-up worker, no resumed work
    again = d.cli("restart", job["job_id"], "--config", str(d.config_path))
    assert again.returncode == 0, again.stderr
    assert "3 file(s) will run again" in again.stdout
    wait_for(lambda: d.get(f"/jobs/{job['job_id']}")["status"] == "running", timeout=30, what="running again")
    assert d.stop() == 0
    d.start()  # a restarted job survives a daemon restart and is not cancelled again
    assert d.get(f"/jobs/{job['job_id']}")["status"] in {"queued", "running", "interrupted"}
    assert d.stop() == 0


def test_a_restarted_job_that_completes_leaves_no_failed_copies_or_staging(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"max_workers": 1}})
    d.start()
    folder = d.folders["t"]
    bundle = folder.inbox / "B"
    bundle.mkdir()
    for i in range(2):
        (bundle / f"{i}.txt").write_text("sleep 1.5\n")
    job = wait_for(lambda: next((j for j in d.jobs() if j["status"] == "running"), None), what="running job")
    assert d.cli("cancel", job["job_id"], "--config", str(d.config_path)).returncode == 0
    wait_for(lambda: (folder.failed / "B" / "1.txt").exists(), timeout=15, what="inputs kept in failed/")
    (folder.failed / "B" / "kept-by-the-user.txt").write_text("notes\n")  # not ours: must stay
    assert d.cli("restart", job["job_id"], "--config", str(d.config_path)).returncode == 0
    wait_for(lambda: d.get(f"/jobs/{job['job_id']}")["status"] == "completed", timeout=60, what="completed after restart")
    wait_for(lambda: not (folder.failed / "B" / "0.txt").exists(), timeout=10, what="stale failed/ copies removed")
    assert d.stop() == 0
    assert sorted(p.name for p in (folder.outbox / "B").glob("*.txt")) == ["0.txt", "1.txt"]
    assert sorted(p.name for p in (folder.failed / "B").iterdir()) == ["kept-by-the-user.txt"]
    assert not any((tmp_path / "state" / "staging").iterdir())
    receipt = json.loads(next(folder.outbox.glob("B*.receipt.json")).read_text())
    assert receipt["status"] == "completed"
