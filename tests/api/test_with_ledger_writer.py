"""The API reading rows written by the real ledger write side (hotfolder.ledger.Ledger)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.app import create_app
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import InputRecord, Ledger, NewJob

from .conftest import ConformsTo, api_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1_767_225_600.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger(tmp_path / "state" / "ledger.db", clock=Clock())
    yield ledger
    ledger.close()


@pytest.fixture
def api(writer: Ledger, tmp_path: Path) -> Iterator[TestClient]:
    settings = api_settings(writer.path, tmp_path / "state")
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def new_job(tmp_path: Path, files: tuple[str, ...]) -> NewJob:
    inbox = tmp_path / "lab" / "inbox"
    return NewJob(
        folder="lab",
        bundle="PWA",
        bundle_kind="folder",
        command="morphotag",
        lang="eng",
        options={"retokenize": False},
        outbox_dir=str(tmp_path / "lab" / "outbox"),
        failed_dir=str(tmp_path / "lab" / "failed"),
        staging_dir=str(tmp_path / "state" / "staging"),
        node_id="node-a",
        files=files,
        inputs=tuple(InputRecord(str(inbox / name), name, 10, 1, 1) for name in files),
    )


def test_a_job_through_its_life(
    writer: Ledger, api: TestClient, tmp_path: Path, conforms: ConformsTo
) -> None:
    job = writer.create_job(new_job(tmp_path, ("PWA/a.cha", "PWA/b.cha", "PWA/c.cha")))
    queued = api.get(f"/jobs/{job}").json()
    a, b, c = (record.id for record in writer.files(job))
    writer.start_file(a, worker_pid=123)
    running = api.get(f"/jobs/{job}").json()
    writer.file_done(a, ["PWA/a.cha"], {})
    writer.start_file(b, worker_pid=123)
    writer.file_error(b, FileFailure("no @End", FailureCategory.VALIDATION, codes=["E502"], line=9))
    writer.start_file(c, worker_pid=123)
    writer.file_retry(c, FileFailure("worker died", FailureCategory.WORKER_CRASH), next_eligible_at=2e9)
    retrying = api.get(f"/jobs/{job}").json()
    writer.start_file(c, worker_pid=124)
    writer.file_done(c, ["PWA/c.cha"], {})
    final = writer.final_status(job)
    assert final is not None
    writer.end_job(job, final, writer.clock())
    done = api.get(f"/jobs/{job}").json()
    results = api.get(f"/jobs/{job}/results").json()

    for body in (queued, running, retrying, done):
        conforms(body, "JobInfo")
    conforms(results, "JobResultResponse")
    assert (queued["status"], queued["total_files"], queued["source_dir"]) == (
        "queued",
        3,
        str(tmp_path / "lab" / "inbox" / "PWA"),
    )
    assert queued["options"] == {"command": "morphotag", "retokenize": False}
    assert (running["status"], running["current_file"]) == ("running", "PWA/a.cha")
    retry_entry = retrying["file_statuses"][2]
    assert retry_entry["progress_stage"] == "retry_scheduled"
    assert (retry_entry["error_category"], retry_entry["next_eligible_at"]) == ("worker_crash", 2e9)
    assert done["status"] == "completed"
    assert (done["completed_files"], done["total_files"]) == (2, 3)
    assert done["duration_s"] > 0
    failed = done["file_statuses"][1]
    assert (failed["status"], failed["error_codes"], failed["error_line"]) == ("error", ["E502"], 9)
    assert "progress_stage" not in failed and failed["progress_label"] == "Failed"
    # end_job records the receipt as written (the daemon writes it just before), so it is listed too.
    assert [f["filename"] for f in results["files"]] == ["PWA/a.cha", "PWA/b.cha", "PWA/c.cha", "PWA.receipt.json"]
    assert api.get("/jobs?status=completed").json()[0]["error_files"] == 1


def test_cancelled_job(writer: Ledger, api: TestClient, tmp_path: Path, conforms: ConformsTo) -> None:
    job = writer.create_job(new_job(tmp_path, ("PWA/a.cha",)))
    writer.cancel(job)

    body = api.get(f"/jobs/{job}").json()

    conforms(body, "JobInfo")
    assert (body["status"], body["error"]) == ("cancelled", "cancelled by operator")
    assert body["file_statuses"][0]["error_category"] == "cancelled"
    assert api.get("/health").json()["jobs_by_status"]["cancelled"] == 1
