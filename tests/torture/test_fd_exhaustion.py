"""The API's resource use never reaches the daemon: a burst of streams and idle clients at a low fd limit.

The daemon runs under `prlimit --nofile=256`: more event streams than the stream cap and
more idle TCP connections than the connection cap must leave it alive, still processing
drops, answering the extra streams 503 with Retry-After, and back near its baseline of
open file descriptors once the clients leave.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from hotfolder.api.perthread import READER_THREADS
from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND
from tests.support.streams import open_fds, open_stream

pytestmark = pytest.mark.e2e

NOFILE = 256
LOW_FD_LAUNCHER = ["prlimit", f"--nofile={NOFILE}:{NOFILE}", sys.executable, "-m", "tests.support.launch"]


def queued(d: DaemonProcess, bundle: str) -> bool:
    uri = f"file:{d.root / 'state' / 'ledger.db'}?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
        return conn.execute("SELECT count(*) FROM jobs WHERE bundle = ?", (bundle,)).fetchone()[0] > 0


def status_of(head: bytes) -> int | None:
    parts = head.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[0].startswith(b"HTTP/") else None


@pytest.fixture
def low_fd_daemon(tmp_path: Path):
    extra = {"pool": {"max_workers": 2, "warmup": False}}
    folders = [{"name": "long", "command": TEST_COMMAND}, {"name": "quick", "command": TEST_COMMAND}]
    d = make_daemon(tmp_path, folders, extra=extra, launcher=LOW_FD_LAUNCHER)
    d.start()
    yield d
    assert d.process is not None and d.process.poll() is None, f"the daemon died:\n{d.log()[-4000:]}"
    assert d.stop() == 0, d.log()[-4000:]


def test_stream_and_idle_bursts_at_a_low_fd_limit(low_fd_daemon: DaemonProcess) -> None:
    d = low_fd_daemon
    assert d.process is not None
    pid = d.process.pid
    (d.folders["long"].inbox / "long.txt").write_text("sleep 30\n")
    quick = d.folders["quick"]
    job = wait_for(lambda: next((j for j in d.jobs() if j["status"] == "running"), None), what="a running job")
    baseline = open_fds(pid)

    opened: list[socket.socket] = []
    try:
        streams = [open_stream(d.port, job["job_id"], opened) for _ in range(300)]
        for _ in range(300):
            try:
                opened.append(socket.create_connection(("127.0.0.1", d.port), timeout=5))
            except OSError:  # the listen queue is full: the kernel no longer completes connections
                break
        peak = open_fds(pid)

        started = time.monotonic()
        (quick.inbox / "quick.txt").write_text("sleep 0\n")
        # The API is saturated (its own /jobs may be refused): the ledger says the intake goes on.
        wait_for(lambda: queued(d, "quick"), timeout=30, what="the drop queued during the burst")
        quick_s = time.monotonic() - started
        assert d.process.poll() is None, d.log()[-4000:]
    finally:
        for sock in opened:
            sock.close()

    wait_for(lambda: (quick.outbox / "quick.txt").exists(), timeout=90, what="the drop processed")
    statuses = [status_of(head) for head in streams]
    served = statuses.count(200)
    refused = [head for head in streams if status_of(head) == 503]
    assert served >= 1, statuses
    assert refused, f"no stream refused: {statuses}"
    assert all(b"retry-after:" in head.lower() for head in refused), refused[:3]
    assert peak < NOFILE - 16, f"{peak} fds at the peak of the burst (limit {NOFILE})"
    # Back to the baseline, plus what stays by design: each stream reader thread's ledger connection.
    settled = baseline + 3 * READER_THREADS + 4
    wait_for(lambda: open_fds(pid) <= settled, timeout=30, what=f"fds back near the baseline of {baseline} (now {open_fds(pid)})")
    assert d.get("/health")["status"] == "ok"
    print(
        f"fds: baseline {baseline}, peak {peak}, after {open_fds(pid)}; streams served {served}, "
        f"refused {len(refused)}; idle connections made {len(opened) - len(streams)}; drop queued in {quick_s:.1f} s"
    )
