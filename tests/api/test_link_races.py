"""Served files under attack: a symlink swapped in and out while requests run, FIFOs at output paths.

A real uvicorn server in a thread (the daemon's own), real files and a swapping thread:
the endpoints must never serve what a link points at, never answer 500, never stall.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from hotfolder.api.app import create_app
from hotfolder.api.server import ApiServer, serve_in_thread

from .conftest import Ledger, api_settings
from .test_results_api import PROVENANCE

SECRET = b"SECRET-outside-the-outbox"
REPORT = {"at": "2026-01-01T00:00:00Z", "job_id": "j", "command": "morphotag", "filename": "a.cha", "traceback": "tb"}


@pytest.fixture
def server(ledger: Ledger, tmp_path: Path) -> Iterator[ApiServer]:
    served = serve_in_thread(create_app(api_settings(ledger.path, tmp_path / "state")), "127.0.0.1", 0)
    served.wait_started(timeout=10)
    yield served
    served.stop()


def get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Swapper(threading.Thread):
    """Replaces `target` by a link to `outside` and back to its own content, atomically, until stopped."""

    def __init__(self, target: Path, outside: Path, content: bytes) -> None:
        super().__init__(daemon=True)
        self.target, self.outside, self.content = target, outside, content
        self.stopping = threading.Event()
        self.swaps = 0

    def run(self) -> None:
        link, plain = self.target.with_name(".link"), self.target.with_name(".plain")
        while not self.stopping.is_set():
            link.unlink(missing_ok=True)
            os.symlink(self.outside, link)
            os.replace(link, self.target)
            plain.write_bytes(self.content)
            os.replace(plain, self.target)
            self.swaps += 1

    def stop(self) -> None:
        self.stopping.set()
        self.join(10)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "a.cha").write_bytes(SECRET + b"\n" + PROVENANCE.encode())
    (folder / "r.json").write_bytes(json.dumps({**REPORT, "traceback": SECRET.decode()}).encode())
    return folder


def test_swapped_links_are_never_followed(ledger: Ledger, server: ApiServer, outside: Path, tmp_path: Path) -> None:
    good = b"@UTF8\n@Begin\n" + PROVENANCE.encode() + b"@End\n"
    (ledger.outbox / "PWA").mkdir()
    (ledger.outbox / "PWA" / "a.cha").write_bytes(good)
    job = ledger.job(bundle="PWA", bundle_kind="folder", status="completed")
    ledger.file(job, "PWA/a.cha", "done", outputs=["PWA/a.cha"])
    reports = tmp_path / "state" / "bug-reports"
    reports.mkdir(parents=True)
    report = json.dumps(REPORT).encode()
    (reports / "r.json").write_bytes(report)

    swappers = [
        Swapper(ledger.outbox / "PWA" / "a.cha", outside / "a.cha", good),
        Swapper(reports / "r.json", outside / "r.json", report),
    ]
    for swapper in swappers:
        swapper.start()
    statuses: Counter[tuple[str, int]] = Counter()
    leaked: list[str] = []
    try:
        deadline = time.monotonic() + 6.0
        while time.monotonic() < deadline:
            for name, path in (
                ("file", f"/jobs/{job}/results/PWA/a.cha"),
                ("results", f"/jobs/{job}/results"),
                ("report", "/bug-reports/r"),
            ):
                status, body = get(server.port, path)
                statuses[(name, status)] += 1
                if SECRET in body:
                    leaked.append(name)
    finally:
        for swapper in swappers:
            swapper.stop()

    assert not leaked, f"served the outside file {len(leaked)} times: {Counter(leaked)}"
    assert not [key for key in statuses if key[1] >= 500], statuses
    assert statuses[("file", 200)] > 0 and statuses[("report", 200)] > 0, statuses  # the swap did not block everything
    assert all(s.swaps > 100 for s in swappers)


def test_a_swapped_folder_link_is_never_followed(ledger: Ledger, server: ApiServer, outside: Path) -> None:
    job = ledger.job(bundle="PWA", bundle_kind="folder", status="completed")
    ledger.file(job, "PWA/a.cha", "done", outputs=["PWA/a.cha"])
    os.symlink(outside, ledger.outbox / "PWA")

    status, body = get(server.port, f"/jobs/{job}/results/PWA/a.cha")
    listing = json.loads(get(server.port, f"/jobs/{job}/results")[1])

    assert status == 404 and SECRET not in body
    assert listing["files"] == [{"filename": "PWA/a.cha", "content_type": "chat", "provenance": []}]


def test_a_fifo_at_an_output_path_stalls_nothing(ledger: Ledger, server: ApiServer, tmp_path: Path) -> None:
    job = ledger.job(bundle="f", status="completed")
    ledger.file(job, "f.cha", "done", outputs=["f.cha"])
    os.mkfifo(ledger.outbox / "f.cha")
    reports = tmp_path / "state" / "bug-reports"
    reports.mkdir(parents=True)
    os.mkfifo(reports / "p.json")
    try:
        started = time.monotonic()
        # More requests than the thread pool has threads: one stalled open() per request would fill it.
        answers = [get(server.port, path, timeout=3.0)[0] for path in [f"/jobs/{job}/results", f"/jobs/{job}/results/f.cha", "/bug-reports/p", "/bug-reports"] * 12]
        assert get(server.port, "/health", timeout=3.0)[0] == 200
        assert time.monotonic() - started < 10.0
    finally:
        for fifo in (ledger.outbox / "f.cha", reports / "p.json"):  # release any reader stuck in open()
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
    assert Counter(answers) == Counter({200: 24, 404: 24})
