"""`/ws` in process: batchalign3's messages over a real ledger, ping/pong, and the token, Origin and cap guards."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient, WebSocketDenialResponse

from hotfolder.api.app import create_app
from hotfolder.api.limits import ApiLimits
from hotfolder.api.origins import origin_allowed

from .conftest import ConformsTo, Ledger, MakeClient, api_settings


def conforms_message(message: dict[str, Any], conforms: ConformsTo) -> None:
    """A message checked against batchalign3's schemas for what it carries."""
    if message["type"] == "snapshot":
        assert set(message) == {"type", "jobs", "health"}
        for job in message["jobs"]:
            conforms(job, "JobListItem")
        conforms(message["health"], "HealthResponse")
    elif message["type"] == "job_update":
        assert set(message) == {"type", "job"}
        conforms(message["job"], "JobListItem")
    elif message["type"] == "file_update":
        assert set(message) == {"type", "job_id", "file", "completed_files"}
        conforms(message["file"], "FileStatusEntry")
        assert isinstance(message["completed_files"], int)
    else:
        assert message == {"type": "job_deleted", "job_id": message["job_id"]}


def test_snapshot_then_updates_in_ledger_order(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    old = ledger.job(status="completed")
    with client.websocket_connect("/ws") as ws:
        first = ws.receive_json()
        job = ledger.job(status="queued")
        ledger.file(job, "a.cha")
        ledger.event(job, "job_created")
        ledger.conn.execute("UPDATE files SET status = 'done', progress_stage = 'done' WHERE job_id = ?", (job,))
        ledger.conn.execute("UPDATE jobs SET status = 'completed' WHERE id = ?", (job,))
        file_id = ledger.conn.execute("SELECT id FROM files WHERE job_id = ?", (job,)).fetchone()[0]
        ledger.event(job, "file_update", file_id)
        ledger.event(job, "job_update")
        second, third = ws.receive_json(), ws.receive_json()
        ws.send_text("ping")
        pong = ws.receive_text()
        ledger.conn.execute("DELETE FROM files WHERE job_id = ?", (old,))
        ledger.conn.execute("DELETE FROM jobs WHERE id = ?", (old,))  # pruned
        deleted = ws.receive_json()

    for message in (first, second, third, deleted):
        conforms_message(message, conforms)
    assert first["type"] == "snapshot" and [j["job_id"] for j in first["jobs"]] == [old]
    assert first["health"]["status"] == "ok"
    assert (second["type"], second["job_id"], second["completed_files"]) == ("file_update", job, 1)
    assert second["file"] == {"filename": "a.cha", "status": "done", "progress_label": "Done"}
    assert (third["type"], third["job"]["job_id"], third["job"]["status"]) == ("job_update", job, "completed")
    assert pong == "pong"
    assert deleted == {"type": "job_deleted", "job_id": old}


def test_a_token_is_needed_as_everywhere(make_client: MakeClient) -> None:
    client = make_client(token="sekrit")

    with pytest.raises(WebSocketDenialResponse) as refused:
        client.websocket_connect("/ws").__enter__()
    with client.websocket_connect("/ws", headers={"Authorization": "Bearer sekrit"}) as ws:
        assert ws.receive_json()["type"] == "snapshot"

    assert refused.value.status_code == 401
    assert json.loads(refused.value.content) == {"detail": "missing bearer token"}


def test_a_page_elsewhere_may_not_open_it(client: TestClient) -> None:
    with pytest.raises(WebSocketDenialResponse) as refused:
        client.websocket_connect("/ws", headers={"Origin": "https://evil.example"}).__enter__()
    with client.websocket_connect("/ws", headers={"Origin": "http://localhost:5173"}) as ws:
        assert ws.receive_json()["type"] == "snapshot"

    assert refused.value.status_code == 403
    assert "add it to api.cors_origins" in json.loads(refused.value.content)["detail"]


@pytest.mark.parametrize(
    ("origin", "host", "allowed", "cors", "expected"),
    [
        (None, "x", None, frozenset(), True),  # not a browser
        ("http://lab.example:8765", "lab.example:8765", None, frozenset(), True),  # its own page
        ("https://evil.example", "127.0.0.1:8765", frozenset({"localhost"}), frozenset(), False),
        ("https://evil.example", "127.0.0.1:8765", None, frozenset(), False),  # a token does not make it ours
        ("https://dash.example/", "127.0.0.1:8765", None, frozenset({"https://dash.example"}), True),
        ("http://localhost:5173", "127.0.0.1:8765", frozenset({"localhost"}), frozenset(), True),
        ("http://localhost:5173", "127.0.0.1:8765", None, frozenset(), False),  # with a token: listed only
        ("null", "127.0.0.1:8765", frozenset({"localhost"}), frozenset(), False),
    ],
)
def test_origin_table(
    origin: str | None, host: str, allowed: frozenset[str] | None, cors: frozenset[str], expected: bool
) -> None:
    assert origin_allowed(origin, host, allowed, cors) is expected


def limited_client(ledger: Ledger, tmp_path: Path, **limits: Any) -> TestClient:
    values = {"max_connections": 8, "max_streams": 8, "request_timeout_s": 10.0, "keep_alive_s": 5, **limits}
    settings = api_settings(ledger.path, tmp_path / "state", limits=ApiLimits(**values))
    return TestClient(create_app(settings), raise_server_exceptions=False)


def test_feeds_share_the_stream_cap(ledger: Ledger, tmp_path: Path) -> None:
    with limited_client(ledger, tmp_path, max_streams=1) as client, client.websocket_connect("/ws") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        with pytest.raises(WebSocketDenialResponse) as refused:
            client.websocket_connect("/ws").__enter__()

    assert (refused.value.status_code, refused.value.headers["retry-after"]) == (503, "5")


def test_cors_for_configured_origins_only(ledger: Ledger, tmp_path: Path) -> None:
    ledger.job()
    with limited_client(ledger, tmp_path, cors_origins=("http://localhost:5173",)) as client:
        allowed = client.get("/jobs", headers={"Origin": "http://localhost:5173"})
        other = client.get("/jobs", headers={"Origin": "https://evil.example"})
        preflight = client.options(
            "/jobs",
            headers={"Origin": "http://localhost:5173", "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "authorization"},
        )
        write = client.post("/jobs", headers={"Origin": "http://localhost:5173"})

    assert allowed.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "access-control-allow-origin" not in other.headers
    assert preflight.status_code == 200 and "GET" in preflight.headers["access-control-allow-methods"]
    assert write.status_code == 405


def test_no_cors_by_default(client: TestClient) -> None:
    response = client.get("/jobs", headers={"Origin": "http://localhost:5173"})

    assert "access-control-allow-origin" not in response.headers


def test_the_snapshot_is_the_newest_jobs_and_every_active_one(ledger: Ledger, client: TestClient) -> None:
    running = ledger.job(status="running")
    ended = [ledger.job(status="completed") for _ in range(1001)]

    with client.websocket_connect("/ws") as ws:
        jobs = [job["job_id"] for job in ws.receive_json()["jobs"]]

    assert jobs == [*ended[:0:-1], running]  # the oldest completed one left out
