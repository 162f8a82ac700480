"""bench/api.py's measurements of what batchalign3's clients read: `/jobs` without a limit, and `/ws` fan-out.

- `/jobs` (every job): the first answer (the in-memory index is built), then answers
  from memory, one client and four, then while a writer commits; p50, p99 and bytes.
  Side by side: the same jobs fetched the only way there was before, 1,000 a page.
- `/ws` fan-out: `--listeners` WebSocket clients; per round a file of a running job is
  started and then ended with the ledger's own writer, timed from the end's commit
  until the median and the last listener have its `file_update` (status done).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

Fetch = Callable[[str], Awaitable[tuple[int, bytes]]]


def ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


async def timed(fetch: Fetch, path: str) -> tuple[float, int]:
    started = time.perf_counter()
    status, body = await fetch(path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return time.perf_counter() - started, len(body)


async def every_job(fetch: Fetch, total: int, writer: Callable[[asyncio.Event], Awaitable[int]]) -> None:
    first, size = await timed(fetch, "/jobs")
    print(f"GET /jobs (every job, {total} jobs, {size / 1e6:.1f} MB): first answer {first * 1000:.0f} ms (index built)")
    one = [(await timed(fetch, "/jobs"))[0] for _ in range(20)]
    print(f"  from memory, 1 client, 20 requests:   p50 {ms(one, 0.5):6.0f} ms  p99 {ms(one, 0.99):6.0f} ms")
    four: list[float] = []
    for _ in range(5):
        four += [t for t, _ in await asyncio.gather(*(timed(fetch, "/jobs") for _ in range(4)))]
    print(f"  from memory, 4 clients, 20 requests:  p50 {ms(four, 0.5):6.0f} ms  p99 {ms(four, 0.99):6.0f} ms")
    stop = asyncio.Event()
    writes = asyncio.create_task(writer(stop))
    busy = [(await timed(fetch, "/jobs"))[0] for _ in range(20)]
    stop.set()
    commits = await writes
    print(
        f"  while the ledger changes ({commits} commits): p50 {ms(busy, 0.5):6.0f} ms  p99 {ms(busy, 0.99):6.0f} ms"
    )
    started = time.perf_counter()
    for offset in range(0, total, 1000):
        await timed(fetch, f"/jobs?limit=1000&offset={offset}")
    paged = time.perf_counter() - started
    print(
        f"  before: the same jobs as {-(-total // 1000)} pages of 1,000: {paged * 1000:.0f} ms"
        f" ({paged / statistics.median(one):.0f}x one answer from memory)"
    )


async def ws_listener(url: str, ready: asyncio.Event, target: dict[str, str], arrivals: list[float]) -> None:
    from websockets.asyncio.client import connect

    async with connect(url, max_size=None) as ws:
        await ws.recv()  # the snapshot
        ready.set()
        async for text in ws:
            if '"file_update"' not in text:
                continue
            message: dict[str, Any] = json.loads(text)
            if message["file"]["status"] == "done" and message["file"]["filename"] == target.get("name"):
                arrivals.append(time.perf_counter())
                if target.get("last") == "1":
                    return


async def ws_fan_out(port: int, db: Path, listeners: int, rounds: int) -> None:
    from hotfolder.ledger import Ledger

    writer = Ledger(db, clock=time.time)
    job = writer.conn.execute(  # the running job with the most files still queued: one per round
        "SELECT jobs.id FROM jobs JOIN files ON files.job_id = jobs.id AND files.status = 'queued'"
        " WHERE jobs.status = 'running' GROUP BY jobs.id ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    files = [f for f in writer.files(job) if str(f.status) == "queued"][:rounds]
    target: dict[str, str] = {}
    ready = [asyncio.Event() for _ in range(listeners)]
    arrivals: list[list[float]] = [[] for _ in range(listeners)]
    url = f"ws://127.0.0.1:{port}/ws"
    started = time.perf_counter()
    tasks = [asyncio.create_task(ws_listener(url, ready[i], target, arrivals[i])) for i in range(listeners)]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in ready)), 120)
    print(f"/ws fan-out to {listeners} listeners (all had their snapshot after {time.perf_counter() - started:.1f} s):")
    for index, record in enumerate(files):
        writer.start_file(record.id, worker_pid=1)
        await asyncio.sleep(0.5)  # its `processing` update passes first
        target.update(name=record.filename, last="1" if index == len(files) - 1 else "0")
        ended = time.perf_counter()
        writer.file_done(record.id, [record.filename], {})
        deadline = time.monotonic() + 30
        while sum(len(a) > index for a in arrivals) < listeners:
            if time.monotonic() > deadline:
                raise RuntimeError("not every listener had the file's end within 30 s")
            await asyncio.sleep(0.001)
        delays = [a[index] - ended for a in arrivals]
        print(
            f"  file end {index + 1}: median listener {statistics.median(delays) * 1000:.0f} ms,"
            f" last listener {max(delays) * 1000:.0f} ms"
        )
    await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 30)
    writer.close()
