"""How users really drop files: slow copies, renames, duplicates, junk."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e


@pytest.fixture
def daemon(tmp_path: Path):
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND, "settle_s": 1.0}])
    d.start()
    yield d
    assert d.stop() == 0, d.log()


def test_slow_chunked_write_is_taken_whole(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    lines = [f"sleep 0\n# chunk {i}\n" for i in range(8)]
    with open(folder.inbox / "slow.txt", "w") as out:
        for line in lines:
            out.write(line)
            out.flush()
            time.sleep(0.4)  # slower than polling, faster than settle_s: the writer's pace, not a sync
    job = daemon.wait_jobs_ended(1)[0]
    assert job["status"] == "completed"
    assert (folder.outbox / "slow.txt").read_text() == "".join(lines) + "ok\n"
    assert len(daemon.jobs()) == 1


def test_rename_into_place_and_junk(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    for junk in (".DS_Store", "Thumbs.db", "._r.txt", "~$r.txt", "r.txt.part"):
        (folder.inbox / junk).write_text("crash SIGKILL\n")
    partial = folder.inbox / "r.txt.crdownload"
    partial.write_text("sleep 0\n")
    os.rename(partial, folder.inbox / "r.txt")
    job = daemon.wait_jobs_ended(1)[0]
    assert job["status"] == "completed"
    assert (folder.outbox / "r.txt").exists()
    assert [j["job_id"] for j in daemon.jobs()] == [job["job_id"]]  # junk never became a job
    assert (folder.inbox / ".DS_Store").exists()  # and is left alone


def test_claimed_file_is_not_taken_twice_and_redrop_is_new_job(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    (folder.inbox / "d.txt").write_text("sleep 2.5\n")
    wait_for(lambda: any(j["status"] == "running" for j in daemon.jobs()), what="the job running")
    time.sleep(1.5)  # several rescans while the original is still in the inbox
    assert len(daemon.jobs()) == 1
    daemon.wait_jobs_ended(1)
    wait_for(lambda: not (folder.inbox / "d.txt").exists(), what="release")
    (folder.inbox / "d.txt").write_text("sleep 2.5\n")  # the same content, dropped again
    jobs = daemon.wait_jobs_ended(2)
    assert len({j["job_id"] for j in jobs}) == 2


def test_mtimes_in_the_future_or_far_past_do_not_matter(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    for name, when in (("future.txt", 4102444800), ("past.txt", 86400)):  # 2100-01-01 and 1970-01-02
        path = folder.inbox / name
        path.write_text("sleep 0\n")
        os.utime(path, (when, when))
    jobs = daemon.wait_jobs_ended(2)
    assert {j["status"] for j in jobs} == {"completed"}
    assert (folder.outbox / "future.txt").exists() and (folder.outbox / "past.txt").exists()


def test_job_ticket_overrides_and_bad_ticket_fails_the_bundle(daemon: DaemonProcess) -> None:
    folder = daemon.folders["t"]
    good, bad = folder.inbox.parent / "stage" / "GOOD", folder.inbox.parent / "stage" / "BAD"
    for bundle in (good, bad):
        bundle.mkdir(parents=True)
        (bundle / "a.txt").write_text("sleep 0\n")
    (good / "hotfolder.yaml").write_text("lang: fra\noptions:\n  load_s: 0\n")
    (bad / "hotfolder.yaml").write_text("lang: fra\nspeakers: 2\n")
    os.rename(good, folder.inbox / "GOOD")
    os.rename(bad, folder.inbox / "BAD")
    jobs = {daemon.get(f"/jobs/{j['job_id']}")["file_statuses"][0]["filename"]: j for j in daemon.wait_jobs_ended(2)}
    assert jobs["GOOD/a.txt"]["status"] == "completed"
    assert daemon.get(f"/jobs/{jobs['GOOD/a.txt']['job_id']}")["lang"] == "fra"
    assert jobs["BAD/a.txt"]["status"] == "failed"
    reason = json.loads((folder.failed / "BAD" / "a.txt.error.json").read_text())
    assert "hotfolder.yaml:2" in reason["message"] and "speakers" in reason["message"]
    assert (folder.failed / "BAD" / "hotfolder.yaml").exists()  # the ticket is kept with the bundle
