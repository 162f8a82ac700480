"""Operators' requests: recorded by the CLI, applied once by whoever comes first, read by id."""

from __future__ import annotations

from pathlib import Path

from hotfolder.ledger import JobStatus, RequestKind, reads
from hotfolder.ledger.db import connect

from .helpers import ledger_at, new_job


def test_a_request_is_pending_until_applied_and_applied_once(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    job_id = ledger.create_job(new_job(("a.cha", "b.cha")))
    request_id = ledger.request(job_id, RequestKind.CANCEL)
    pending = ledger.requests_after(0)
    assert [(r.id, r.kind, r.applied_at) for r in pending] == [(request_id, RequestKind.CANCEL, None)]
    assert ledger.job(job_id).status == JobStatus.QUEUED  # recording changes no job

    first = ledger.apply_request(request_id)
    assert first.applied_at is not None and first.error is None
    assert ledger.job(job_id).status == JobStatus.CANCELLED
    events = len(reads.events_after(ledger.conn, job_id, 0))

    again = ledger.apply_request(request_id)  # the CLI after the daemon (or the other way round)
    assert again == first
    assert len(reads.events_after(ledger.conn, job_id, 0)) == events  # nothing done twice


def test_a_request_the_job_has_outgrown_is_applied_with_why_not(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    job_id = ledger.create_job(new_job())
    restart = ledger.request(job_id, RequestKind.RESTART)  # checked legal when recorded (queued) ...
    ledger.start_file(ledger.files(job_id)[0].id, None)  # ... but the job ran meanwhile
    refused = ledger.apply_request(restart)
    assert refused.applied_at is not None
    assert refused.error == "a job cannot go from running to queued"
    assert ledger.job(job_id).status == JobStatus.RUNNING  # left as it was
    assert ledger.requests_start() == restart  # applied, if refused: not pending any more


def test_a_request_for_a_job_gone_from_the_ledger_is_refused(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    ledger.conn.execute("PRAGMA foreign_keys = OFF")  # a pruned ledger: the job row went
    refused = ledger.apply_request(ledger.request("no-such-job", RequestKind.CANCEL))
    assert refused.error == "no job 'no-such-job' in the ledger"


def test_a_starting_daemon_reads_from_the_first_pending_request(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    assert ledger.requests_start() == 0
    job_id = ledger.create_job(new_job())
    first = ledger.request(job_id, RequestKind.CANCEL)
    ledger.apply_request(first)
    assert ledger.requests_start() == first  # all applied: start after the last
    second = ledger.request(job_id, RequestKind.RESTART)
    third = ledger.request(job_id, RequestKind.CANCEL)
    assert ledger.requests_start() == second - 1  # recorded while no daemon ran: taken first
    assert [r.id for r in ledger.requests_after(ledger.requests_start())] == [second, third]


def test_the_pending_query_uses_its_index(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    ledger.close()
    conn = connect(tmp_path / "ledger.db", readonly=True)
    plan = " ".join(row["detail"] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT min(id) - 1 FROM requests WHERE applied_at IS NULL"))
    assert "requests_pending" in plan, plan
    plan = " ".join(row["detail"] for row in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM requests WHERE id > 5 ORDER BY id"))
    assert "INTEGER PRIMARY KEY" in plan or "rowid" in plan.lower(), plan
