"""A drop whose name uses (nearly) all 255 bytes becomes a job, and its receipt and reason fit beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.daemon import make_daemon
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e


def test_names_near_the_limit_are_processed_or_failed_once_never_claimed_again_and_again(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    d.start()
    folder = d.folders["t"]
    good = "g" * 246 + ".txt"  # 250 bytes: `.receipt.json` or a temporary name beside it would not fit
    bad = "b" * 246 + ".txt"
    (folder.inbox / good).write_text("sleep 0\n")
    (folder.inbox / bad).write_text("fail validation on purpose\n")
    jobs = d.wait_jobs_ended(2, timeout=60)
    assert d.stop() == 0, d.log()
    assert sorted(j["status"] for j in jobs) == ["completed", "failed"]
    assert (folder.outbox / good).read_text() == "sleep 0\nok\n"
    receipts = list(folder.outbox.glob("*.receipt.json"))
    assert len(receipts) == 2 and all(len(r.name.encode()) <= 255 and "~" in r.name for r in receipts)
    assert sorted(json.loads(r.read_text())["bundle"] for r in receipts) == ["b" * 246, "g" * 246]  # named in full
    kept = folder.failed / ("b" * 246) / bad
    assert kept.read_text() == "fail validation on purpose\n"
    (reason,) = kept.parent.glob("*.error.json")
    assert json.loads(reason.read_text())["filename"] == bad
    assert not any(folder.inbox.iterdir())
    assert d.log().count("not taken yet") == 0
    failed_job = next(j for j in jobs if j["status"] == "failed")["job_id"]
    assert [p.name for p in (tmp_path / "state" / "staging").iterdir()] == [failed_job]  # kept for `hotfolder restart`
