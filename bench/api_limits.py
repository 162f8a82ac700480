"""Benchmark: a burst of API clients against the real daemon at an fd limit, and the Host check's cost.

    .venv/bin/python bench/api_limits.py [--nofile 1024] [--streams 500] [--idle 1050] [--requests 6000]

1. Burst: a real daemon (the test engine standing in for a command) started under
   `prlimit --nofile=N`, one job running. `--streams` clients open
   /jobs/{id}/stream, then `--idle` clients open a TCP connection and send nothing.
   A file dropped meanwhile must still be queued. Prints the daemon's open fds before,
   at the peak and 15 s after the clients leave, how many streams were served or
   refused (503 + Retry-After), and whether the daemon is still alive.
2. Host check: the API as the daemon builds it (no token) on uvicorn in its own
   process, `--requests` GET /health over 20 keep-alive connections, once with the
   Host check as shipped and once with it disabled; requests/s and median latency.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))


def burst(nofile: int, streams: int, idle: int) -> None:
    from tests.support.daemon import make_daemon, wait_for
    from tests.support.launch import TEST_COMMAND
    from tests.support.streams import open_fds, open_stream

    root = Path(tempfile.mkdtemp(prefix="hf-bench-limits-"))
    launcher = ["prlimit", f"--nofile={nofile}:{nofile}", sys.executable, "-m", "tests.support.launch"]
    folders = [{"name": "long", "command": TEST_COMMAND}, {"name": "quick", "command": TEST_COMMAND}]
    d = make_daemon(root, folders, extra={"pool": {"max_workers": 2, "warmup": False}}, launcher=launcher)
    d.start()
    try:
        assert d.process is not None
        pid = d.process.pid
        (d.folders["long"].inbox / "long.txt").write_text("sleep 90\n")
        job = wait_for(lambda: next((j for j in d.jobs() if j["status"] == "running"), None), what="running")
        before = open_fds(pid)
        opened: list[socket.socket] = []
        heads = [open_stream(d.port, job["job_id"], opened) for _ in range(streams)]
        made = 0
        for _ in range(idle):
            try:
                opened.append(socket.create_connection(("127.0.0.1", d.port), timeout=3))
                made += 1
            except OSError:
                break
        peak = open_fds(pid)
        (d.folders["quick"].inbox / "quick.txt").write_text("sleep 0\n")
        started = time.monotonic()
        db = f"file:{root / 'state' / 'ledger.db'}?mode=ro"

        def queued() -> bool:
            with sqlite3.connect(db, uri=True, timeout=5) as conn:
                return bool(conn.execute("SELECT count(*) FROM jobs WHERE bundle = 'quick'").fetchone()[0])

        wait_for(queued, timeout=60, what="the drop queued")
        queued_s = time.monotonic() - started
        alive_during = d.process.poll() is None
        for sock in opened:
            sock.close()
        time.sleep(15)
        after = open_fds(pid)
        served = sum(h.startswith(b"HTTP/1.1 200") for h in heads)
        refused = [h for h in heads if h.startswith(b"HTTP/1.1 503")]
        retry = sum(b"retry-after:" in h.lower() for h in refused)
        print(f"fd limit {nofile}: {streams} streams + {idle} idle connections ({made} connected)")
        print(f"  daemon fds: before {before}, peak {peak}, 15 s after the clients left {after}")
        print(f"  streams: {served} served, {len(refused)} refused 503 ({retry} with Retry-After), "
              f"{streams - served - len(refused)} closed")
        print(f"  drop queued during the burst in {queued_s:.1f} s; daemon alive: {alive_during and d.process.poll() is None}")
    finally:
        d.stop()
        shutil.rmtree(root, ignore_errors=True)


def serve(db: Path, port: int, check: str) -> None:
    import uvicorn

    import hotfolder.api.app as app_module
    from hotfolder.api.app import ApiSettings, create_app

    if check == "off":
        app_module.allowed_names = lambda *_: None  # type: ignore[assignment]  # the middleware passes through
    settings = ApiSettings(
        db_path=db, token=None, node_id="bench", version="bench", capabilities=lambda: ["morphotag"],
        state_dir=db.parent, allowed_hosts=("bench",),
    )
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def host_check(requests: int) -> None:
    import api as api_bench  # bench/api.py: its ledger builder and minimal HTTP client

    with tempfile.TemporaryDirectory(prefix="hf-bench-hosts-") as tmp:
        db = Path(tmp) / "ledger.db"
        api_bench.build_ledger(db, 1000)
        print(f"GET /health x {requests}, 20 connections       p50 ms    req/s")
        for check in ("on", "off", "on", "off"):
            port = api_bench.free_port()
            server = subprocess.Popen([sys.executable, __file__, "serve", str(db), str(port), check])
            try:
                asyncio.run(api_bench.wait_serving(port))
                asyncio.run(api_bench.load(port, ["/health"] * 500, 20))  # warm
                latencies, wall = asyncio.run(api_bench.load(port, ["/health"] * requests, 20))
                print(f"  Host check {check:<3}                         {api_bench.percentile(latencies, 0.5) * 1000:6.2f} {len(latencies) / wall:8.0f}")
            finally:
                server.terminate()
                server.wait(timeout=10)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve(Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--nofile", type=int, default=1024)
    parser.add_argument("--streams", type=int, default=500)
    parser.add_argument("--idle", type=int, default=1050)
    parser.add_argument("--requests", type=int, default=6000)
    args = parser.parse_args()
    burst(args.nofile, args.streams, args.idle)
    host_check(args.requests)


if __name__ == "__main__":
    main()
