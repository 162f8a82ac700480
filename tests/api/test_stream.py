"""`/jobs/{id}/stream`: events from the ledger's events table, against the real ledger writer."""

from __future__ import annotations

import http.client
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.app import create_app
from hotfolder.api.perthread import READER_THREADS
from hotfolder.api.server import ApiServer, serve_in_thread
from hotfolder.api.stream import JobTail, LedgerEvent, worth_sending
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import Ledger
from hotfolder.ledger.states import JobStatus
from tests.support.daemon import wait_for

from .conftest import ConformsTo, api_settings
from .sse import Event, SseClient, parse_events
from .test_with_ledger_writer import Clock, new_job

FAST = {"stream_poll_s": 0.02}


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger(tmp_path / "state" / "ledger.db", clock=Clock())
    yield ledger
    ledger.close()


def serve(writer: Ledger, tmp_path: Path, **overrides: float) -> ApiServer:
    settings = api_settings(writer.path, tmp_path / "state", **{**FAST, **overrides})
    server = serve_in_thread(create_app(settings), "127.0.0.1", 0)
    server.wait_started(timeout=10)
    return server


@pytest.fixture
def server(writer: Ledger, tmp_path: Path) -> Iterator[ApiServer]:
    served = serve(writer, tmp_path)
    yield served
    served.stop()


def ledger_handles(db: Path) -> int:
    """Open file descriptors of this process on the ledger (database, -wal, -shm).

    Only exact while no other connection of this process holds locks on the ledger:
    SQLite defers closing a descriptor until then (closing would drop their POSIX locks).
    """
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        count += target.startswith(str(db.resolve()))
    return count


@pytest.mark.parametrize(
    ("events", "kept"),
    [
        ([], []),
        ([(1, "job_created", None)], []),
        ([(1, "file_update", 7), (2, "file_update", 7)], [2]),
        ([(1, "job_update", None), (2, "file_update", 7), (3, "file_update", 8)], [1, 2, 3]),
        ([(1, "file_update", 7), (2, "job_update", None), (3, "file_update", 7)], [2, 3]),
        ([(1, "job_deferred", None), (2, "job_update", None), (3, "job_marked", None)], [2]),
    ],
)
def test_worth_sending_keeps_the_last_change_per_file_and_job(
    events: list[tuple[int, str, int | None]], kept: list[int]
) -> None:
    assert [e.id for e in worth_sending([LedgerEvent(*e) for e in events])] == kept


def test_tail_reads_what_the_writer_commits(writer: Ledger, tmp_path: Path) -> None:
    job = writer.create_job(new_job(tmp_path, ("PWA/a.cha", "PWA/b.cha")))
    a, b = (f.id for f in writer.files(job))
    tail = JobTail(writer.path, job)
    try:
        first = tail.snapshot()
        ended_at_start = tail.ended
        nothing = tail.poll()
        writer.start_file(a, worker_pid=1)
        started = parse_events(b"".join(tail.poll()).decode())
        writer.file_done(a, ["PWA/a.cha"], {})
        writer.start_file(b, worker_pid=1)
        writer.file_error(b, FileFailure("no @End", FailureCategory.VALIDATION, codes=["E502"], line=3))
        ended = parse_events(b"".join(tail.poll()).decode())
        writer.end_job(job, JobStatus.COMPLETED, writer.clock())
        last = parse_events(b"".join(tail.poll()).decode())
    finally:
        tail.close()

    assert first is not None and first.status == "queued" and not ended_at_start
    assert nothing == []
    assert [e.name for e in started] == ["job_update", "file_update"]
    assert started[0].data["status"] == "running"
    assert started[1].data["file"]["status"] == "processing"
    # Two changes to b in one poll make one message with b as it is now.
    assert [(e.name, e.data["file"]["filename"], e.data["file"]["status"]) for e in ended] == [
        ("file_update", "PWA/a.cha", "done"),
        ("file_update", "PWA/b.cha", "error"),
    ]
    assert ended[1].data["file"]["error_codes"] == ["E502"] and ended[1].data["completed_files"] == 1
    assert [e.name for e in last] == ["job_update", "complete"]
    assert last[1].data == {"job_id": job, "status": "completed"}
    assert tail.ended and tail.closed


def test_terminal_job_sends_snapshot_and_complete_then_ends(
    writer: Ledger, tmp_path: Path, conforms: ConformsTo
) -> None:
    job = writer.create_job(new_job(tmp_path, ("PWA/a.cha",)))
    writer.cancel(job)
    client = TestClient(create_app(api_settings(writer.path, tmp_path / "state")))

    response = client.get(f"/jobs/{job}/stream")
    events = parse_events(response.text)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    assert [e.name for e in events] == ["snapshot", "complete"]
    conforms(events[0].data, "JobInfo")
    assert events[0].data["file_statuses"][0]["error_category"] == "cancelled"
    assert events[1].data == {"job_id": job, "status": "cancelled"}


def test_unknown_job_is_404_before_any_stream(writer: Ledger, tmp_path: Path) -> None:
    client = TestClient(create_app(api_settings(writer.path, tmp_path / "state")))
    writer.close()
    before = ledger_handles(writer.path)

    response = client.get("/jobs/nope/stream")
    first = ledger_handles(writer.path)
    for _ in range(10):
        client.get("/jobs/nope/stream")

    assert response.status_code == 404
    assert response.json() == {"detail": "job nope not found"}
    # Only the stream reader threads' shared connections, whatever the number of requests.
    assert ledger_handles(writer.path) == first <= before + 3 * READER_THREADS


def test_live_job_streams_until_complete(
    writer: Ledger, server: ApiServer, tmp_path: Path, conforms: ConformsTo
) -> None:
    job = writer.create_job(new_job(tmp_path, ("PWA/a.cha", "PWA/b.cha")))
    a, b = (f.id for f in writer.files(job))
    stream = SseClient(server.port, f"/jobs/{job}/stream")
    try:
        snapshot = stream.next()
        writer.start_file(a, worker_pid=1)
        running = wait_for(stream.next, timeout=10, what="an event after start_file")
        writer.file_done(a, ["PWA/a.cha"], {})
        writer.start_file(b, worker_pid=1)
        writer.file_done(b, ["PWA/b.cha"], {})
        writer.end_job(job, JobStatus.COMPLETED, writer.clock())
        rest = stream.rest()
    finally:
        stream.close()

    assert snapshot is not None and snapshot.name == "snapshot"
    conforms(snapshot.data, "JobInfo")
    assert running is not None and running.name == "job_update" and running.data["status"] == "running"
    conforms(running.data, "JobListItem")
    updates = [e for e in rest if e.name == "file_update"]
    assert updates and all(set(e.data) == {"job_id", "file", "completed_files"} for e in updates)
    for update in updates:
        conforms(update.data["file"], "FileStatusEntry")
    final = {e.data["file"]["filename"]: e.data["file"]["status"] for e in updates}
    assert final["PWA/b.cha"] == "done" and updates[-1].data["completed_files"] == 2
    assert [e.name for e in rest[-2:]] == ["job_update", "complete"]
    assert rest[-2].data["status"] == "completed" and rest[-2].data["completed_files"] == 2
    assert rest[-1].data == {"job_id": job, "status": "completed"}


def test_quiet_stream_gets_keepalive_comments(writer: Ledger, tmp_path: Path) -> None:
    job = writer.create_job(new_job(tmp_path, ("a.cha",)))
    served = serve(writer, tmp_path, keepalive_s=0.1)
    stream = SseClient(served.port, f"/jobs/{job}/stream")
    try:
        first, second, third = stream.next(), stream.next(), stream.next()
    finally:
        stream.close()
        served.stop()

    assert first is not None and first.name == "snapshot"
    assert second == Event("", None, "keep-alive") and third == second


def test_streams_share_the_reader_threads_connections(
    writer: Ledger, server: ApiServer, tmp_path: Path
) -> None:
    job = writer.create_job(new_job(tmp_path, ("a.cha",)))
    writer.close()
    before = ledger_handles(writer.path)
    streams = [SseClient(server.port, f"/jobs/{job}/stream") for _ in range(20)]
    for stream in streams:
        assert (event := stream.next()) is not None and event.name == "snapshot"
    time.sleep(1)  # a few polls by every stream
    during = ledger_handles(writer.path)

    for stream in streams:
        stream.close()
    again = SseClient(server.port, f"/jobs/{job}/stream")
    assert (event := again.next()) is not None and event.name == "snapshot"
    again.close()

    # Twenty streams cost what one does: a connection per reader thread (3 descriptors each),
    # and the streams that come later reuse them.
    assert before < during <= before + 3 * READER_THREADS
    assert ledger_handles(writer.path) <= during


def test_head_of_a_stream_does_not_hold_it_open(writer: Ledger, server: ApiServer, tmp_path: Path) -> None:
    job = writer.create_job(new_job(tmp_path, ("a.cha",)))
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request("HEAD", f"/jobs/{job}/stream")
        response = conn.getresponse()
        response.read()
        conn.request("GET", "/health")  # the same connection is free again at once
        health = conn.getresponse()
        health.read()
    finally:
        conn.close()

    assert response.status == 200 and response.getheader("content-type", "").startswith("text/event-stream")
    assert health.status == 200
