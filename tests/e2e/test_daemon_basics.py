"""The real daemon process, with the test engine standing in for a command."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e


@pytest.fixture
def daemon(tmp_path: Path):
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    d.start()
    yield d
    code = d.stop()
    assert code == 0, d.log()


def test_drop_becomes_job_output_and_receipt(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    (folder.inbox / "a.txt").write_text("sleep 0\n")
    job = daemon.wait_jobs_ended(1)[0]
    assert job["status"] == "completed"
    assert (folder.outbox / "a.txt").read_text() == "sleep 0\nok\n"
    receipt = json.loads((folder.outbox / "a.receipt.json").read_text())
    assert receipt["job_id"] == job["job_id"]
    assert receipt["inputs"][0]["path"] == "a.txt"
    wait_for(lambda: not (folder.inbox / "a.txt").exists(), what="the input released once durable")
    detail = daemon.get(f"/jobs/{job['job_id']}")
    assert detail["file_statuses"][0]["status"] == "done"


def test_failure_lands_in_failed_with_reason(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    (folder.inbox / "bad.txt").write_text("fail validation the header is wrong\n")
    job = daemon.wait_jobs_ended(1)[0]
    assert job["status"] == "failed"
    kept = folder.failed / "bad" / "bad.txt"
    assert kept.read_text() == "fail validation the header is wrong\n"
    reason = json.loads((folder.failed / "bad" / "bad.txt.error.json").read_text())
    assert reason["category"] == "validation"
    assert reason["message"] == "the header is wrong"
    assert reason["error_codes"] == ["E999"] and reason["line"] == 1


def test_folder_bundle_keeps_layout(daemon: DaemonProcess, tmp_path: Path) -> None:
    folder = daemon.folders["t"]
    staging = tmp_path / "drop" / "PWA"
    (staging / "sub").mkdir(parents=True)
    (staging / "one.txt").write_text("sleep 0\n")
    (staging / "sub" / "two.txt").write_text("sleep 0\n")
    shutil.move(str(staging), folder.inbox / "PWA")  # a folder moved in counts as an arrival
    job = daemon.wait_jobs_ended(1)[0]
    assert job["status"] == "completed"
    assert (folder.outbox / "PWA" / "one.txt").exists()
    assert (folder.outbox / "PWA" / "sub" / "two.txt").exists()
    assert (folder.outbox / "PWA.receipt.json").exists()
    wait_for(lambda: not (folder.inbox / "PWA").exists(), what="the folder bundle released")
