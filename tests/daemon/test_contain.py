"""Containment on real folders and a real ledger: a claim or a release that raised fails its bundle alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hotfolder.daemon.contain import Containment, claim_key
from hotfolder.daemon.release import Releaser
from hotfolder.daemon.results import Policy, ResultWriter
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import InputRecord, Ledger, NewJob
from hotfolder.watch.settle import StatKey
from hotfolder.watch.tracker import Member, ReadyBundle

NOW = 1_796_600_000.0


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Ledger, Containment, Path]:
    ledger = Ledger(tmp_path / "state" / "ledger.db", clock=lambda: NOW)
    releaser = Releaser(ledger, archive_for=lambda _: None, inbox_for=lambda _: tmp_path / "inbox", wall=lambda: NOW)
    results = ResultWriter(ledger, Policy(3, tmp_path / "state"), lambda: NOW)
    for name in ("inbox", "outbox", "failed"):
        (tmp_path / name).mkdir()
    return ledger, Containment(ledger, releaser, results, tmp_path / "state", lambda: NOW), tmp_path


def test_a_claim_that_raised_is_reported_once_and_left_in_the_inbox(setup: tuple[Ledger, Containment, Path]) -> None:
    _, contain, root = setup
    bundle = ReadyBundle("PWA", "folder", (Member("PWA/a.cha", StatKey(3, 1, 7)),), None)

    contain.claim_failed("lab", root / "failed", "morphotag", bundle, TypeError("boom"))

    reason = json.loads((root / "failed" / "PWA.error.json").read_text())
    assert (reason["stage"], reason["message"]) == ("claim", "could not take bundle 'PWA': TypeError: boom")
    report = json.loads((root / "state" / "bug-reports" / f"{reason['bug_report_id']}.json").read_text())
    assert "TypeError: boom" in report["traceback"]
    assert claim_key("lab", bundle) in contain.refused_claims
    changed = ReadyBundle("PWA", "folder", (Member("PWA/a.cha", StatKey(4, 2, 7)),), None)
    assert claim_key("lab", changed) not in contain.refused_claims  # dropped again: tried again


def test_a_release_that_raised_fails_the_job_and_keeps_its_inputs_in_failed(setup: tuple[Ledger, Containment, Path]) -> None:
    ledger, contain, root = setup
    staged = root / "state" / "staging" / "j1" / "a.txt"
    staged.parent.mkdir(parents=True)
    staged.write_text("input\n")
    original = root / "inbox" / "a.txt"
    original.write_text("input\n")
    st = original.stat()

    job_id = ledger.create_job(
        NewJob(
            folder="lab", bundle="a", bundle_kind="file", command="morphotag", lang="eng", options={},
            outbox_dir=str(root / "outbox"), failed_dir=str(root / "failed"), staging_dir=str(staged.parent),
            node_id="n", files=("a.txt",),
            inputs=(InputRecord(str(original), "a.txt", st.st_size, st.st_mtime_ns, st.st_ino, "x", str(staged)),),
        ),
        "j1",
    )
    record = ledger.files(job_id)[0]
    ledger.start_file(record.id, None)
    ledger.file_error(record.id, FileFailure("bad", FailureCategory.VALIDATION))

    contain.release_failed(job_id, OSError(5, "Input/output error"))

    job = ledger.job(job_id)
    assert (job.status, job.released) == ("failed", True)
    assert job.error == f"could not end job {job_id} (a): OSError: [Errno 5] Input/output error"
    assert json.loads((root / "failed" / "a.error.json").read_text())["stage"] == "release"
    assert (root / "failed" / "a" / "a.txt").read_text() == "input\n" and not original.exists()
    assert job_id in contain.stuck_releases
