"""The DNS-rebinding guard: without a token only our own Host names are answered, over real HTTP."""

from __future__ import annotations

import http.client
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotfolder.api.app import create_app
from hotfolder.api.hosts import allowed_names, host_allowed, host_name
from hotfolder.api.server import ApiServer, serve_in_thread
from hotfolder.config.exposure import is_loopback, public_bind_refusal, public_bind_warning

from .conftest import Ledger, api_settings

TOKEN = "s3cret-token"


def fetch(port: int, path: str, host: str | None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.putrequest("GET", path, skip_host=True)
        if host is not None:
            conn.putheader("Host", host)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def serve(ledger: Ledger, tmp_path: Path, **overrides: object) -> ApiServer:
    server = serve_in_thread(create_app(api_settings(ledger.path, tmp_path / "state", **overrides)), "127.0.0.1", 0)
    server.wait_started(timeout=10)
    return server


@pytest.fixture
def open_server(ledger: Ledger, tmp_path: Path) -> Iterator[ApiServer]:
    server = serve(ledger, tmp_path, allowed_hosts=("hotfolder.lab.example.org", "*.dash.example.org"))
    yield server
    server.stop()


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:{port}",
        "localhost:{port}",
        "LOCALHOST",
        "[::1]:{port}",
        "10.1.2.3:{port}",  # any address: a page cannot rebind a literal address
        "hotfolder.lab.example.org:{port}",
        "a.dash.example.org",
        "app.localhost:{port}",
        socket.gethostname(),
    ],
)
def test_our_own_names_are_answered(open_server: ApiServer, host: str) -> None:
    status, _ = fetch(open_server.port, "/health", host.format(port=open_server.port))
    assert status == 200


@pytest.mark.parametrize(
    "host",
    ["attacker.example:{port}", "127.0.0.1.attacker.example", "localhost.attacker.example:{port}", "dash.example.org"],
)
@pytest.mark.parametrize("path", ["/health", "/jobs", "/", "/jobs/x/stream"])
def test_a_rebound_name_is_refused(open_server: ApiServer, host: str, path: str) -> None:
    status, body = fetch(open_server.port, path, host.format(port=open_server.port))
    assert status == 421
    assert "api.allowed_hosts" in json.loads(body)["detail"]


def test_with_a_token_the_token_guards_instead(ledger: Ledger, tmp_path: Path) -> None:
    server = serve(ledger, tmp_path, token=TOKEN)
    try:
        authorized = fetch(server.port, "/health", "attacker.example", {"Authorization": f"Bearer {TOKEN}"})
        anonymous = fetch(server.port, "/health", "attacker.example")
    finally:
        server.stop()
    assert authorized[0] == 200 and anonymous[0] == 401


@pytest.mark.parametrize(
    ("header", "name"),
    [("a.example:80", "a.example"), ("[::1]:8765", "::1"), ("A.Example.", "a.example"), ("1.2.3.4", "1.2.3.4")],
)
def test_host_name(header: str, name: str) -> None:
    assert host_name(header) == name


def test_host_allowed_without_a_header() -> None:
    assert host_allowed(None, allowed_names("127.0.0.1", []))  # HTTP/1.0 tools, never a browser


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.0.1.1", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.5", False), ("lab-server", False)],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_public_bind_needs_a_token_or_the_key() -> None:
    refusal = public_bind_refusal("0.0.0.0", None, False)
    assert refusal is not None and "api.allow_public_without_token" in refusal and "api.token" in refusal
    assert public_bind_refusal("0.0.0.0", TOKEN, False) is None
    assert public_bind_refusal("127.0.0.1", None, False) is None
    assert public_bind_refusal("0.0.0.0", None, True) is None
    warning = public_bind_warning("0.0.0.0", None, True)
    assert warning is not None and "no token" in warning
    assert public_bind_warning("0.0.0.0", TOKEN, True) is None
    assert public_bind_warning("127.0.0.1", None, True) is None
