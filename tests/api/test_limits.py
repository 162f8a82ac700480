"""Connection and stream caps, and the request deadline, on a real uvicorn server over real sockets."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotfolder.api.app import create_app
from hotfolder.api.limits import ApiLimits, lowered_warning, resolve_limits
from hotfolder.api.server import ApiServer, serve_in_thread
from hotfolder.config.models import ApiConfig
from hotfolder.ledger import Ledger

from .conftest import api_settings
from .test_with_ledger_writer import Clock, new_job

LIMITS = ApiLimits(max_connections=6, max_streams=2, request_timeout_s=0.5, keep_alive_s=1)


@pytest.fixture
def writer(tmp_path: Path) -> Iterator[Ledger]:
    ledger = Ledger(tmp_path / "state" / "ledger.db", clock=Clock())
    yield ledger
    ledger.close()


@pytest.fixture
def server(writer: Ledger, tmp_path: Path) -> Iterator[ApiServer]:
    settings = api_settings(writer.path, tmp_path / "state", limits=LIMITS)
    served = serve_in_thread(create_app(settings), "127.0.0.1", 0, LIMITS)
    served.wait_started(timeout=10)
    yield served
    served.stop()


def request_head(sock: socket.socket, target: str) -> bytes:
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = sock.recv(4096)
        if not chunk:
            break
        head += chunk
    return head


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes `sock` within `seconds` (whatever it still sends first is read)."""
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            if sock.recv(4096) == b"":
                return True
        except TimeoutError:
            return False
        except ConnectionResetError:
            return True
    return False


@pytest.mark.parametrize(
    ("config", "nofile", "connections", "streams"),
    [
        ({}, 65536, 1000, 500),  # the shipped unit's LimitNOFILE
        ({}, 1024, 256, 128),  # the usual default
        ({}, 256, 64, 32),
        ({}, 20, 16, 8),  # never fewer than 16
        ({"max_connections": 10, "max_streams": 50}, 1024, 10, 10),  # streams never exceed connections
        ({"max_streams": 3}, 1024, 256, 3),
        ({"max_connections": 1000, "max_streams": 1000}, 256, 128, 128),  # never past half the fds
        ({"max_connections": 5000}, 65536, 5000, 2500),
    ],
)
def test_limits_follow_the_open_file_limit(config: dict[str, int], nofile: int, connections: int, streams: int) -> None:
    limits = resolve_limits(ApiConfig(**config), nofile)
    assert (limits.max_connections, limits.max_streams) == (connections, streams)


def test_cors_origins_come_from_the_config_normalized() -> None:
    limits = resolve_limits(ApiConfig(cors_origins=["HTTP://Localhost:5173/", "https://dash.example"]), 4096)

    assert limits.cors_origins == ("http://localhost:5173", "https://dash.example")
    assert resolve_limits(ApiConfig(), 4096).cors_origins == ()


def test_a_lowered_cap_is_said() -> None:
    config = ApiConfig(max_connections=1000)
    warning = lowered_warning(config, resolve_limits(config, 256), 256)
    assert warning is not None and "api.max_connections 1000 lowered to 128" in warning and "LimitNOFILE" in warning
    assert lowered_warning(config, resolve_limits(config, 65536), 65536) is None
    assert lowered_warning(ApiConfig(), resolve_limits(ApiConfig(), 256), 256) is None


def test_a_stream_past_the_cap_is_refused_with_retry_after(server: ApiServer, writer: Ledger, tmp_path: Path) -> None:
    job = writer.create_job(new_job(tmp_path, ("a.cha",)))
    socks = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(3)]
    try:
        heads = [request_head(sock, f"/jobs/{job}/stream") for sock in socks]
    finally:
        for sock in socks:
            sock.close()
    assert [head.split(b" ")[1] for head in heads] == [b"200", b"200", b"503"]
    assert b"retry-after: 5" in heads[2].lower()
    # The two streams closed: the next one is served again.
    time.sleep(0.3)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        assert request_head(sock, f"/jobs/{job}/stream").split(b" ")[1] == b"200"


def test_a_connection_past_the_cap_is_closed_at_once(server: ApiServer) -> None:
    held = [socket.create_connection(("127.0.0.1", server.port), timeout=5) for _ in range(LIMITS.max_connections)]
    try:
        time.sleep(0.1)
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as extra:
            answer = extra.recv(4096)
            assert answer.startswith(b"HTTP/1.1 503") and b"Retry-After: 5" in answer
            assert closed_within(extra, 2)
    finally:
        for sock in held:
            sock.close()


def test_idle_and_trickling_clients_are_closed_after_the_request_timeout(server: ApiServer) -> None:
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    slow = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    started = time.monotonic()
    try:
        for byte in b"GET /health HTTP/1.1\r\n":  # a byte every 0.1 s: never a whole head in time
            try:
                slow.send(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)
            if time.monotonic() - started > 1.5:
                break
        assert closed_within(idle, 2) and closed_within(slow, 2)
        assert time.monotonic() - started < 3
        # A prompt client is served, and its kept-alive connection closed once idle.
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as prompt:
            assert request_head(prompt, "/health").startswith(b"HTTP/1.1 200")
            assert closed_within(prompt, 2)
    finally:
        idle.close()
        slow.close()
