"""The API really served by uvicorn in a thread, on an ephemeral port, spoken to over raw HTTP."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette

from hotfolder.api.app import create_app
from hotfolder.api.server import ApiServer, ApiServerError, serve_in_thread

from .conftest import Ledger, api_settings


def fetch(port: int, method: str, target: str) -> tuple[int, bytes]:
    """One request with the target sent byte for byte (no client-side normalisation)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request(method, target)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.fixture
def app(ledger: Ledger, tmp_path: Path) -> Starlette:
    settings = api_settings(ledger.path, tmp_path / "state")
    return create_app(settings)


@pytest.fixture
def served(app: Starlette) -> Iterator[ApiServer]:
    server = serve_in_thread(app, "127.0.0.1", 0)
    server.wait_started(timeout=10)
    yield server
    server.stop()


def test_serves_on_an_ephemeral_port(served: ApiServer, ledger: Ledger) -> None:
    job = ledger.job(status="completed")

    status, body = fetch(served.port, "GET", "/health")
    job_status, job_body = fetch(served.port, "GET", f"/jobs/{job}")

    assert served.port > 0
    assert status == 200 and json.loads(body)["jobs_by_status"]["completed"] == 1
    assert job_status == 200 and json.loads(job_body)["job_id"] == job


def test_raw_traversal_over_the_wire(served: ApiServer, ledger: Ledger, tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("not yours", encoding="utf-8")
    (ledger.outbox / "a.cha").write_text("@UTF8\n@Begin\n@End\n", encoding="utf-8")
    job = ledger.job(status="completed")
    ledger.file(job, "a.cha", "done", outputs=["a.cha"])
    base = f"/jobs/{job}/results"

    answers = {
        target: fetch(served.port, "GET", f"{base}/{target}")
        for target in (
            "../../secret.txt",
            "%2e%2e/%2e%2e/secret.txt",
            "..%2f..%2fsecret.txt",
            "%252e%252e/secret.txt",
        )
    }

    assert answers["../../secret.txt"][0] == 400
    assert answers["%2e%2e/%2e%2e/secret.txt"][0] == 400
    assert answers["..%2f..%2fsecret.txt"][0] == 400
    # Decoded once by the server, "%252e" is the literal name "%2e": not a recorded output.
    status, body = answers["%252e%252e/secret.txt"]
    assert (status, json.loads(body)) == (404, {"detail": f"job {job} has no result %2e%2e/secret.txt"})
    assert all(b"not yours" not in body for _, body in answers.values())
    assert fetch(served.port, "GET", f"{base}/a.cha?raw=1") == (200, b"@UTF8\n@Begin\n@End\n")


def test_writes_refused_over_the_wire(served: ApiServer) -> None:
    status, body = fetch(served.port, "DELETE", "/jobs/abc")

    assert status == 405
    assert json.loads(body) == {
        "detail": "the API is read-only; hotfolder takes work only from its hot folders and keeps every job in its ledger: "
        "use `hotfolder cancel abc` to stop it"
    }


def test_stop_closes_the_port(served: ApiServer) -> None:
    port = served.port

    served.stop()

    assert not served.thread.is_alive()
    with pytest.raises(ConnectionRefusedError):
        fetch(port, "GET", "/health")


def test_port_in_use_is_reported_at_start(served: ApiServer, app: Starlette) -> None:
    with pytest.raises(ApiServerError, match=f"could not listen on 127.0.0.1:{served.port}: .*in use"):
        serve_in_thread(app, "127.0.0.1", served.port)
