"""Every poison found so far, dropped together with good files into a real daemon.

The good files come out, each poison is failed alone (failed/ + `.error.json`)
or listed with its reason in /health, and the daemon never exits, also not
when it is restarted with the poison still in place.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.support.daemon import DaemonProcess, Folder, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e

GOOD = [f"good{i}.txt" for i in range(4)]
AS_ROOT = os.geteuid() == 0  # root reads a mode-000 file anyway


def drop_poison(folder: Folder, outside: Path) -> None:
    # A link planted in the outbox where a folder bundle's outputs go.
    os.symlink(outside, folder.outbox / "SYM")
    (folder.inbox / "SYM").mkdir()
    # A plain file where a folder bundle's output folder must go.
    (folder.outbox / "PLAIN").write_text("a user's file\n")
    (folder.inbox / "PLAIN").mkdir()
    # A ticket value YAML reads as a date: storing the options raised inside the claim.
    (folder.inbox / "DATE").mkdir()
    (folder.inbox / "DATE" / "hotfolder.yaml").write_text("options: {load_s: 2026-01-01}\n")
    # An engine bug met only when the daemon writes the result (text where bytes belong).
    (folder.inbox / "bad.txt").write_text("badoutput\n")
    # A job ticket whose alias contains itself.
    (folder.inbox / "LOOP").mkdir()
    (folder.inbox / "LOOP" / "hotfolder.yaml").write_text("options: &a [*a]\n")
    for bundle in ("SYM", "PLAIN", "DATE", "LOOP"):
        (folder.inbox / bundle / "x.txt").write_text("sleep 0\n")
    os.mkfifo(folder.inbox / "pipe.txt")  # a reader that opens it plainly waits for a writer forever
    (folder.inbox / "locked.txt").write_text("sleep 0\n")
    os.chmod(folder.inbox / "locked.txt", 0)
    (folder.inbox / "empty.cha").write_bytes(b"")  # no @End: never complete


def error_json(folder: Folder, rel: str) -> dict[str, Any]:
    path = folder.failed / f"{rel}.error.json"
    wait_for(path.exists, timeout=60, what=f"{path}")
    return dict(json.loads(path.read_text()))


def stuck(daemon: DaemonProcess) -> dict[str, str]:
    """What /health says waits: stuck bundles by name, and scan errors by path."""
    entry = daemon.get("/health")["hotfolders"][0]
    found = {b["name"]: b["reason"] for b in entry.get("bundles_stuck") or []}
    found.update(error.split(": ", 1) for error in entry.get("scan_errors") or [])
    return found


def check_poison_contained(daemon: DaemonProcess, folder: Folder, outside: Path) -> None:
    for name in GOOD:
        wait_for((folder.outbox / name).exists, timeout=90, what=f"output of {name}")
        assert (folder.outbox / name).read_text() == f"sleep 0\n# {name}\nok\n"

    sym = error_json(folder, "SYM/x.txt")
    assert f"{folder.outbox}/SYM is a symbolic link" in sym["message"]
    assert list(outside.iterdir()) == []  # nothing written through the link

    plain = error_json(folder, "PLAIN/x.txt")
    assert f"{folder.outbox}/PLAIN is a file, not a folder" in plain["message"]
    assert (folder.outbox / "PLAIN").read_text() == "a user's file\n"

    loop = error_json(folder, "LOOP/x.txt")
    assert "bad job ticket" in loop["message"] and "alias refers to the node that contains it" in loop["message"]

    date = error_json(folder, "DATE/x.txt")
    assert "options.load_s is read as a date, not a plain value" in date["message"], date

    bad = error_json(folder, "bad/bad.txt")
    assert bad["category"] == "system" and "unexpected error while writing the result" in bad["message"], bad
    assert (folder.failed / "bad" / "bad.txt").read_text() == "badoutput\n" and not (folder.outbox / "bad.txt").exists()
    report = daemon.get(f"/bug-reports/{bad['bug_report_id']}")
    assert "TypeError" in report["traceback"]

    def both_listed() -> dict[str, str] | None:
        found = stuck(daemon)
        return found if {"pipe.txt", "empty"} <= set(found) else None

    waiting = wait_for(both_listed, timeout=30, what="stuck bundles in /health")
    assert waiting["pipe.txt"] == "not a regular file"
    assert waiting["empty"] == "empty.cha: CHAT file does not end with @End yet"
    if AS_ROOT:
        wait_for((folder.outbox / "locked.txt").exists, timeout=60, what="locked.txt read as root")
    else:
        assert "cannot" in wait_for(lambda: stuck(daemon).get("locked"), timeout=30, what="locked.txt listed")

    assert daemon.process is not None and daemon.process.poll() is None, daemon.log()


def test_poison_fails_alone_and_the_daemon_never_exits(tmp_path: Path) -> None:
    daemon = make_daemon(
        tmp_path, [{"name": "t", "command": TEST_COMMAND, "settle_s": 0.5, "incomplete_after_s": 1.0}]
    )
    folder = daemon.folders["t"]
    outside = tmp_path / "outside"
    outside.mkdir()
    drop_poison(folder, outside)
    for name in GOOD:
        (folder.inbox / name).write_text(f"sleep 0\n# {name}\n")
    daemon.start()
    try:
        check_poison_contained(daemon, folder, outside)
        # Restarted with every poison still in place (these crashed every start before).
        assert daemon.stop() == 0, daemon.log()
        daemon.start()
        for name in GOOD:
            (folder.inbox / f"after-{name}").write_text(f"sleep 0\n# after-{name}\n")
        for name in GOOD:
            path = folder.outbox / f"after-{name}"
            wait_for(path.exists, timeout=90, what=f"output of after-{name}")
        assert list(outside.iterdir()) == []
        assert daemon.process is not None and daemon.process.poll() is None, daemon.log()
        assert daemon.log().count("applying a result failed") == 1  # failed once, not again after the restart
    finally:
        if daemon.process is not None and daemon.process.poll() is None:
            assert daemon.stop() == 0, daemon.log()


def test_a_file_whose_ledger_rows_do_not_fit_fails_alone(tmp_path: Path) -> None:
    # Preparing a file for a worker raised for every step (its input row gone): nothing else was ever dispatched.
    daemon = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    folder = daemon.folders["t"]
    daemon.start()
    (folder.inbox / "orphan.txt").write_text("sleep 3\n")
    wait_for(lambda: any(j["status"] == "running" for j in daemon.jobs()), what="orphan.txt running")
    daemon.kill9()
    with sqlite3.connect(tmp_path / "state" / "ledger.db") as db:
        (job_id,) = db.execute("SELECT job_id FROM inputs WHERE display_path = 'orphan.txt'").fetchone()
        db.execute("DELETE FROM inputs WHERE job_id = ?", (job_id,))
    daemon.start()
    try:
        (folder.inbox / "after.txt").write_text("sleep 0\n")
        wait_for((folder.outbox / "after.txt").exists, timeout=60, what="after.txt dispatched")
        job = wait_for(lambda: (j := daemon.get(f"/jobs/{job_id}"))["status"] == "failed" and j, what="the orphan's job failed")
        entry = job["file_statuses"][0]
        assert entry["error"].startswith("unexpected error while preparing the file: KeyError"), entry
        assert "KeyError" in daemon.get(f"/bug-reports/{entry['bug_report_id']}")["traceback"]
        # Its original, no longer held by any input row, is simply taken again as a new job.
        assert daemon.log().count("preparing orphan.txt of job") == 1
    finally:
        assert daemon.stop() == 0, daemon.log()
