"""GET /jobs and GET /jobs/{id} over a real ledger."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.db import reading

from .conftest import ConformsTo, Ledger, MakeClient


def test_list_is_newest_first_with_id_tiebreak(
    ledger: Ledger, client: TestClient, conforms: ConformsTo
) -> None:
    old = ledger.job(submitted_at=100.0)
    new = ledger.job(submitted_at=300.0)
    tie_a = ledger.job(id="aaaa", submitted_at=200.0)
    tie_b = ledger.job(id="bbbb", submitted_at=200.0)

    response = client.get("/jobs")

    assert response.status_code == 200
    body = response.json()
    assert [job["job_id"] for job in body] == [new, tie_b, tie_a, old]
    for item in body:
        conforms(item, "JobListItem")


def test_list_counts_files(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="running", started_at=10.0)
    ledger.file(job, "a.cha", "done")
    ledger.file(job, "b.cha", "error", error="bad", error_category="validation")
    ledger.file(job, "c.cha", "processing")
    empty = ledger.job()

    body = {item["job_id"]: item for item in client.get("/jobs").json()}

    assert body[job]["total_files"] == 3
    assert body[job]["completed_files"] == 1
    assert body[job]["error_files"] == 1
    counts = [body[empty][key] for key in ("total_files", "completed_files", "error_files")]
    assert counts == [0, 0, 0]


def test_filter_by_status(ledger: Ledger, client: TestClient) -> None:
    done = [ledger.job(status="completed") for _ in range(3)]
    ledger.job(status="queued")
    ledger.job(status="failed")

    body = client.get("/jobs", params={"status": "completed"}).json()

    assert [job["job_id"] for job in body] == done[::-1]
    assert client.get("/jobs", params={"status": "interrupted"}).json() == []


def test_paging(ledger: Ledger, client: TestClient) -> None:
    ids = [ledger.job() for _ in range(7)][::-1]

    pages = [client.get("/jobs", params={"limit": 3, "offset": start}).json() for start in (0, 3, 6, 9)]

    assert [[job["job_id"] for job in page] for page in pages] == [ids[0:3], ids[3:6], ids[6:7], []]
    assert len(client.get("/jobs").json()) == 7  # default limit 100


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("status=done", "status must be one of queued, running, completed, failed, cancelled, interrupted"),
        ("status=COMPLETED", "status must be one of"),
        ("limit=0", "limit must be an integer from 1 to 1000, not '0'"),
        ("limit=1001", "limit must be an integer from 1 to 1000, not '1001'"),
        ("limit=ten", "limit must be an integer from 1 to 1000"),
        ("limit=1_0", "limit must be an integer"),
        ("limit=%C2%B2", "limit must be an integer"),
        ("offset=-1", "offset must be an integer from 0 to 1000000000, not '-1'"),
        ("offset=1000000001", "offset must be an integer from 0 to 1000000000"),
        ("offset=" + "9" * 5000, "offset must be an integer from 0 to 1000000000"),
    ],
)
def test_bad_parameters_are_400(client: TestClient, conforms: ConformsTo, query: str, detail: str) -> None:
    response = client.get(f"/jobs?{query}")

    assert response.status_code == 400
    assert response.json()["detail"].startswith(detail)
    conforms(response.json(), "ErrorResponse")


def test_job_detail(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    job = ledger.job(
        folder="pwa",
        bundle="PWA",
        bundle_kind="folder",
        command="align",
        options='{"pauses": true, "command": "ignored"}',
        status="running",
        submitted_at=1_767_225_600.0,
        started_at=1_767_225_610.0,
    )
    ledger.input(job, "/srv/labs/pwa/inbox/PWA/TYO_a1.cha", "PWA/TYO_a1.cha")
    ledger.input(job, "/srv/labs/pwa/inbox/PWA/TYO_a1.wav", "PWA/TYO_a1.wav")
    ledger.file(job, "PWA/TYO_a1.cha", "done", started_at=1.5, finished_at=2.5, outputs=["PWA/TYO_a1.cha"])
    ledger.file(
        job,
        "PWA/TYO_a2.cha",
        "error",
        error="E362: unmatched bracket",
        error_category="validation",
        error_codes=["E362", "E704"],
        error_line=12,
        attempts=1,
    )
    ledger.file(
        job, "PWA/TYO_a3.cha", "processing", progress_stage="aligning", progress_current=4, progress_total=10
    )
    ledger.file(
        job,
        "PWA/TYO_a4.cha",
        "processing",
        progress_stage="retry_scheduled",
        next_eligible_at=99.0,
        error="worker died",
        error_category="worker_crash",
    )

    response = client.get(f"/jobs/{job}")

    assert response.status_code == 200
    body = response.json()
    conforms(body, "JobInfo")
    assert body["job_id"] == job
    assert (body["status"], body["command"], body["lang"]) == ("running", "align", "eng")
    assert body["options"] == {"command": "align", "pauses": True}
    assert (body["total_files"], body["completed_files"]) == (4, 1)
    assert "error_files" not in body  # not a JobInfo field
    assert body["source_dir"] == "/srv/labs/pwa/inbox/PWA"  # the bundle, not the inbox
    assert body["submitted_by_name"] == "pwa"
    assert body["submitted_at"] == "2026-01-01T00:00:00Z"
    assert body["current_file"] == "PWA/TYO_a3.cha"
    assert "duration_s" not in body and "completed_at" not in body  # still running
    files = body["file_statuses"]
    assert [f["filename"] for f in files] == [f"PWA/TYO_a{i}.cha" for i in (1, 2, 3, 4)]
    assert files[0] == {"filename": "PWA/TYO_a1.cha", "status": "done", "started_at": 1.5, "finished_at": 2.5}
    assert files[1] == {
        "filename": "PWA/TYO_a2.cha",
        "status": "error",
        "error": "E362: unmatched bracket",
        "error_category": "validation",
        "error_codes": ["E362", "E704"],
        "error_line": 12,
    }
    assert files[2]["progress_stage"] == "aligning"
    assert files[2]["progress_label"] == "Forced alignment"  # as batchalign3 labels it
    assert (files[2]["progress_current"], files[2]["progress_total"]) == (4, 10)
    assert files[3]["progress_label"] == "Retry scheduled"
    assert (files[3]["next_eligible_at"], files[3]["error_category"]) == (99.0, "worker_crash")


def test_finished_job_has_duration_and_completion(
    ledger: Ledger, client: TestClient, conforms: ConformsTo
) -> None:
    job = ledger.job(
        status="completed",
        submitted_at=1000.0,
        started_at=1010.0,
        completed_at=1072.5,
        error="1 of 2 files failed",
    )
    ledger.file(job, "a.cha", "done")
    ledger.file(job, "b.cha", "error", error="no @End")

    body = client.get(f"/jobs/{job}").json()
    listed = client.get("/jobs").json()[0]

    conforms(body, "JobInfo")
    assert body["duration_s"] == 62.5 and listed["duration_s"] == 62.5
    assert body["completed_at"] == "1970-01-01T00:17:52Z"
    assert body["error"] == "1 of 2 files failed"
    assert "current_file" not in body
    assert listed["error_files"] == 1


def test_unknown_job_is_404(client: TestClient, conforms: ConformsTo) -> None:
    response = client.get("/jobs/0b7c1c5e-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.json() == {"detail": "job 0b7c1c5e-0000-4000-8000-000000000000 not found"}
    conforms(response.json(), "ErrorResponse")


def test_reads_while_the_writer_holds_a_write_transaction(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="queued")
    ledger.conn.execute("BEGIN IMMEDIATE")
    ledger.conn.execute("UPDATE jobs SET status = 'running' WHERE id = ?", (job,))

    during = client.get(f"/jobs/{job}")  # WAL: the reader sees the last commit, unblocked
    ledger.conn.execute("COMMIT")
    after = client.get(f"/jobs/{job}")

    assert (during.status_code, during.json()["status"]) == (200, "queued")
    assert after.json()["status"] == "running"


def test_the_api_connection_cannot_write(ledger: Ledger) -> None:
    ledger.job()
    with reading(ledger.path) as conn, pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
        conn.execute("DELETE FROM jobs")
    assert ledger.conn.execute("SELECT count(*) FROM jobs").fetchone()[0] == 1


def test_missing_ledger_is_503(make_client: MakeClient, tmp_path: Path, conforms: ConformsTo) -> None:
    client = make_client(db_path=tmp_path / "nowhere" / "ledger.db")

    response = client.get("/jobs")

    assert response.status_code == 503
    assert response.json()["detail"].endswith("ledger.db is not available: no such file")
    conforms(response.json(), "ErrorResponse")


@pytest.mark.parametrize(
    ("command", "stage", "label"),
    [
        ("morphotag", "analyzing_morphosyntax", "Morphosyntax"),
        ("align", "aligning", "Forced alignment"),
        ("transcribe", "transcribing", "Transcribing"),
        ("utseg", "segmenting_utterances", "Utterance segmentation"),
        ("translate", "translating", "Translating"),
        ("opensmile", "analyzing", "Analyzing"),
    ],
)
def test_a_file_in_hand_says_what_its_command_does(
    ledger: Ledger, client: TestClient, conforms: ConformsTo, command: str, stage: str, label: str
) -> None:
    job = ledger.job(command=command, status="running")
    ledger.file(job, "a.cha", "processing", progress_stage="processing")  # what the writer records
    ledger.file(job, "b.cha", "done", progress_stage="done")

    files = client.get(f"/jobs/{job}").json()["file_statuses"]

    for entry in files:
        conforms(entry, "FileStatusEntry")
    assert (files[0]["progress_stage"], files[0]["progress_label"]) == (stage, label)
    assert "progress_stage" not in files[1] and files[1]["progress_label"] == "Done"


def test_every_job_without_a_limit_newest_first(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    ids = [ledger.job(status="completed") for _ in range(1205)]  # more than a page, more than a chunk
    ledger.input(ids[0], "/srv/lab/inbox/x.cha", "x.cha")

    response = client.get("/jobs")
    body = response.json()

    assert response.headers["content-length"] == str(len(response.content))
    assert [job["job_id"] for job in body] == ids[::-1]
    assert body[-1]["source_dir"] == "/srv/lab/inbox/x.cha"  # a file bundle: the file itself
    conforms(body[0], "JobListItem")
    assert [job["job_id"] for job in client.get("/jobs?offset=1200").json()] == ids[4::-1]


def test_every_job_follows_the_events(ledger: Ledger, client: TestClient) -> None:
    first = ledger.job(status="queued")
    assert [job["status"] for job in client.get("/jobs").json()] == ["queued"]
    ledger.conn.execute("UPDATE jobs SET status = 'running' WHERE id = ?", (first,))
    ledger.event(first)
    second = ledger.job(status="queued")
    ledger.event(second, "job_created")

    after = client.get("/jobs").json()
    ledger.conn.execute("DELETE FROM jobs WHERE id = ?", (first,))  # pruned: no event, the count tells
    pruned = client.get("/jobs").json()

    assert [(job["job_id"], job["status"]) for job in after] == [(second, "queued"), (first, "running")]
    assert [job["job_id"] for job in pruned] == [second]
    assert [job["job_id"] for job in client.get("/jobs?status=running").json()] == []


def test_num_workers_counts_the_processes_that_ran_the_job(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="running")
    for name, pids in (("a.cha", (11, 12)), ("b.cha", (12,))):
        ledger.file(job, name, "done")
        file_id = ledger.conn.execute("SELECT id FROM files WHERE filename = ?", (name,)).fetchone()[0]
        for number, pid in enumerate(pids, 1):
            ledger.conn.execute(
                "INSERT INTO attempts (file_id, job_id, number, started_at, worker_pid) VALUES (?, ?, ?, 1.0, ?)",
                (file_id, job, number, pid),
            )
    idle = ledger.job()

    listed = {j["job_id"]: j for j in client.get("/jobs").json()}
    paged = {j["job_id"]: j for j in client.get("/jobs?limit=10").json()}

    assert listed[job]["num_workers"] == paged[job]["num_workers"] == 2
    assert client.get(f"/jobs/{job}").json()["num_workers"] == 2
    assert "num_workers" not in listed[idle] and "num_workers" not in paged[idle]
