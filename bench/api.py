"""Benchmark: the HTTP API over a big ledger, served by a real uvicorn in its own process.

    .venv/bin/python bench/api.py [--jobs 100000] [--clients 50] [--requests 4000] [--listeners 100] [--only batchalign3]

1. Builds a ledger of `--jobs` jobs with 1 to 20 files each (seeded random; statuses
   mostly ended, some queued/running; one attempt per ended file) in a temp folder,
   or reuses `--db` if given and present.
2. Starts `python bench/api.py serve` (uvicorn + create_app, as the daemon serves it)
   on a free loopback port.
3. Latency: `--clients` concurrent keep-alive connections, each sending its next
   request as soon as it has the last answer (a saturating load), send `--requests`
   requests in all to each of /health, /jobs?limit=100, /jobs/{random id} and /metrics
   (a twentieth as many); median and p99 of the time from sending a request to having
   its whole body. Then /jobs?limit=100 again while a writer commits `--writes-per-s`
   ledger changes a second (each change makes the API read the page again).
4. SSE fan-out: `--listeners` clients follow /jobs/{id}/stream of one running job;
   the bench then commits one file change with the ledger's own writer, several
   rounds, and reports how long until every listener (and the median one) had the
   `file_update` event.
5. What batchalign3's clients read (bench/api_feed.py): `/jobs` without a limit (every
   job) and the `/ws` fan-out to `--listeners` WebSocket clients, timed from a file's
   end; `--only batchalign3` runs just these.

The client is a minimal asyncio HTTP/1.1 reader (no client library overhead in the
numbers); the server and the client each have a process, on a 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

STATUSES = ("completed",) * 16 + ("failed", "cancelled", "queued", "running")


def build_ledger(path: Path, jobs: int, seed: int = 7) -> None:
    """`jobs` jobs, 1-20 files each, one input per job and one attempt per ended file."""
    from hotfolder.ledger import Ledger

    Ledger(path, clock=time.time).close()  # the real schema, migrations recorded
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("BEGIN")
    start = 1_767_225_600.0
    file_id = 0
    job_rows, file_rows, input_rows, attempt_rows = [], [], [], []
    for n in range(jobs):
        job = f"{rng.getrandbits(128):032x}"
        job = f"{job[:8]}-{job[8:12]}-4{job[13:16]}-a{job[17:20]}-{job[20:32]}"
        status = STATUSES[n % len(STATUSES)]
        ended = status in ("completed", "failed", "cancelled")
        submitted = start + n * 3.0
        # The columns every job of the bench shares are constants of the INSERT.
        job_rows.append((job, f"b{n}", status, submitted, submitted + 1, submitted + 30 if ended else None))
        count = rng.randint(1, 20)
        for k in range(count):
            file_id += 1
            file_status = ("done" if k % 7 else "error") if ended else "queued"
            file_rows.append((file_id, job, f"b{n}/f{k}.cha", file_status))
            if ended:
                attempt_rows.append((file_id, job, 1, submitted + 1 + k, submitted + 2 + k, "done"))
        input_rows.append((job, "lab", f"/srv/in/b{n}/f0.cha", f"b{n}/f0.cha", 100, 1, n))
    conn.executemany(
        "INSERT INTO jobs (id, bundle, status, submitted_at, started_at, completed_at, updated_at, folder,"
        " bundle_kind, command, lang, options, outbox_dir, failed_dir, staging_dir, node_id)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4, 'lab', 'folder', 'morphotag', 'eng', '{}',"
        " '/srv/out', '/srv/failed', '/srv/staging', 'node-a')",
        job_rows,
    )
    conn.executemany("INSERT INTO files (id, job_id, filename, status) VALUES (?,?,?,?)", file_rows)
    conn.executemany(
        "INSERT INTO inputs (job_id, folder, path, display_path, size, mtime_ns, inode)"
        " VALUES (?,?,?,?,?,?,?)",
        input_rows,
    )
    conn.executemany(
        "INSERT INTO attempts (file_id, job_id, number, started_at, finished_at, outcome)"
        " VALUES (?,?,?,?,?,?)",
        attempt_rows,
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def serve(db: Path, port: int) -> None:
    """The server process: the app as the daemon builds it, on uvicorn."""
    import uvicorn

    from hotfolder.api.app import ApiSettings, create_app

    settings = ApiSettings(
        db_path=db,
        token=None,
        node_id="bench",
        version="bench",
        capabilities=lambda: ["morphotag"],
        state_dir=db.parent,
        allowed_hosts=("bench",),  # the Host header this bench's client sends
    )
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


# -- a minimal HTTP/1.1 client ---------------------------------------------------------


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
    body = await reader.readexactly(int(headers.get("content-length", "0")))
    return status, body


async def client(port: int, paths: list[str], latencies: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        for path in paths:
            started = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
            status, _ = await read_response(reader)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                raise RuntimeError(f"GET {path} answered {status}")
    finally:
        writer.close()


async def load(port: int, paths: list[str], clients: int) -> tuple[list[float], float]:
    """Send `paths` over `clients` concurrent connections; latencies and wall time."""
    latencies: list[float] = []
    shares = [paths[i::clients] for i in range(clients)]
    started = time.perf_counter()
    await asyncio.gather(*(client(port, share, latencies) for share in shares))
    return latencies, time.perf_counter() - started


def report(name: str, latencies: list[float], wall: float) -> None:
    print(
        f"{name:<34} {percentile(latencies, 0.5) * 1000:8.1f} {percentile(latencies, 0.99) * 1000:8.1f}"
        f" {max(latencies) * 1000:8.1f} {len(latencies) / wall:8.0f}"
    )


async def keep_writing(db: Path, per_s: float, stop: asyncio.Event) -> int:
    """Commit one ledger change (a job deferral, with its event row) `per_s` times a second."""
    from hotfolder.ledger import Ledger

    writer = Ledger(db, clock=time.time)
    job = writer.conn.execute("SELECT id FROM jobs WHERE status = 'queued' LIMIT 1").fetchone()[0]
    commits = 0
    try:
        while not stop.is_set():
            await asyncio.to_thread(writer.defer_job, job, time.time() + 60, "bench")
            commits += 1
            await asyncio.sleep(1 / per_s)
    finally:
        writer.close()
    return commits


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# -- SSE fan-out -----------------------------------------------------------------------


async def listener(port: int, job: str, ready: asyncio.Event, arrivals: list[float], rounds: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /jobs/{job}/stream HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
    await reader.readuntil(b"\r\n\r\n")
    seen = 0
    try:
        while seen <= rounds:
            line = await reader.readline()
            if line.startswith(b"event: snapshot"):
                seen += 1
                ready.set()
            elif line.startswith(b"event: file_update"):
                arrivals.append(time.perf_counter())
                seen += 1
    finally:
        writer.close()


async def fan_out(port: int, db: Path, listeners: int, rounds: int) -> list[tuple[float, float]]:
    """Per round: (median, slowest) seconds from the commit to a listener's file_update."""
    from hotfolder.ledger import Ledger

    writer = Ledger(db, clock=time.time)
    job = writer.conn.execute("SELECT id FROM jobs WHERE status = 'running' LIMIT 1").fetchone()[0]
    files = [f.id for f in writer.files(job)]
    per_round: list[list[float]] = [[] for _ in range(rounds)]
    connected = [asyncio.Event() for _ in range(listeners)]
    arrivals: list[list[float]] = [[] for _ in range(listeners)]
    tasks = [
        asyncio.create_task(listener(port, job, connected[i], arrivals[i], rounds)) for i in range(listeners)
    ]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in connected)), 60)
    results = []
    for index in range(rounds):
        committed = time.perf_counter()
        writer.start_file(files[index % len(files)], worker_pid=1)  # commits one file_update event
        deadline = time.monotonic() + 30
        while sum(len(a) > index for a in arrivals) < listeners:
            if time.monotonic() > deadline:
                raise RuntimeError("not every listener saw the event within 30 s")
            await asyncio.sleep(0.001)
        per_round[index] = [a[index] - committed for a in arrivals]
        results.append((statistics.median(per_round[index]), max(per_round[index])))
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    writer.close()
    return results


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_serving(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            await load(port, ["/health"], 1)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def fetch(port: int, path: str) -> tuple[int, bytes]:
    """One GET on a connection of its own."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
        return await read_response(reader)
    finally:
        writer.close()


async def batchalign3_clients(args: argparse.Namespace, db: Path, port: int, total: int) -> None:
    """What batchalign3's dashboard reads: every job at once, and the /ws feed (bench/api_feed.py)."""
    from api_feed import every_job, ws_fan_out

    await every_job(lambda path: fetch(port, path), total, lambda stop: keep_writing(db, args.writes_per_s, stop))
    await ws_fan_out(port, db, args.listeners, args.rounds)


async def measure(args: argparse.Namespace, db: Path, port: int) -> None:
    await wait_serving(port)
    if args.only == "batchalign3":
        count = sqlite3.connect(db).execute("SELECT count(*) FROM jobs").fetchone()[0]
        await batchalign3_clients(args, db, port, count)
        return
    conn = sqlite3.connect(db)
    ids = [row[0] for row in conn.execute("SELECT id FROM jobs")]
    conn.close()
    rng = random.Random(11)
    endpoints: dict[str, Callable[[], str]] = {
        "/health": lambda: "/health",
        "/jobs?limit=100": lambda: "/jobs?limit=100",
        "/jobs/{id}": lambda: f"/jobs/{rng.choice(ids)}",
        "/metrics": lambda: "/metrics",
    }
    print(f"ledger: {len(ids)} jobs; {args.clients} clients; {args.requests} requests per endpoint")
    print(f"{'endpoint':<34} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'req/s':>8}")
    for name, make in endpoints.items():
        count = args.requests if name != "/metrics" else max(args.clients, args.requests // 20)
        await load(port, [make() for _ in range(args.clients)], args.clients)  # warm-up
        latencies, wall = await load(port, [make() for _ in range(count)], args.clients)
        report(name, latencies, wall)
    # The daemon commits as files progress; every commit makes the next answer be read again.
    stop = asyncio.Event()
    writes = asyncio.create_task(keep_writing(db, args.writes_per_s, stop))
    latencies, wall = await load(port, ["/jobs?limit=100"] * args.requests, args.clients)
    stop.set()
    committed = await writes
    report(f"/jobs?limit=100, {committed / wall:.0f} commits/s", latencies, wall)
    rounds = await fan_out(port, db, args.listeners, args.rounds)
    print(f"SSE fan-out to {args.listeners} listeners, {args.rounds} events (poll every 0.2 s):")
    for index, (median, slowest) in enumerate(rounds, 1):
        print(
            f"  event {index}: median listener {median * 1000:.0f} ms, last listener {slowest * 1000:.0f} ms"
        )
    await batchalign3_clients(args, db, port, len(ids))


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", nargs="?", default="run", choices=("run", "serve"))
    parser.add_argument("--db", type=Path, help="ledger to use (built there if missing)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--listeners", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", choices=("batchalign3",), help="only /jobs without a limit and /ws fan-out")
    parser.add_argument("--writes-per-s", type=float, default=20.0, help="ledger commits during the last run")
    args = parser.parse_args()
    if args.command == "serve":
        serve(args.db, args.port)
        return 0
    with tempfile.TemporaryDirectory(prefix="hf-bench-api-") as tmp:
        db = args.db or Path(tmp) / "ledger.db"
        if not db.exists():
            started = time.perf_counter()
            build_ledger(db, args.jobs)
            print(f"built {db} in {time.perf_counter() - started:.1f} s ({db.stat().st_size / 1e6:.0f} MB)")
        port = args.port or free_port()
        server = subprocess.Popen(
            [sys.executable, __file__, "serve", "--db", str(db), "--port", str(port)], cwd=REPO
        )
        try:
            asyncio.run(measure(args, db, port))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
