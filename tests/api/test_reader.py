"""Pooled reads, the ledger's data version, answers reused until it changes, attempt tallies."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from hotfolder.api.app import create_app
from hotfolder.api.endpoints import Endpoints
from hotfolder.api.reader import LedgerReader, VersionedCache
from hotfolder.api.tally import AttemptTally

from .conftest import Ledger, api_settings


def test_cache_reuses_a_value_until_the_version_changes() -> None:
    cache = VersionedCache()
    computed: list[int] = []

    def compute() -> int:
        computed.append(1)
        return len(computed)

    first, again, changed = cache.get("k", 1, compute), cache.get("k", 1, compute), cache.get("k", 2, compute)

    assert (first, again, changed) == (1, 1, 2)


def test_cache_forgets_the_least_recently_used() -> None:
    cache = VersionedCache(entries=2)
    cache.get("a", 1, lambda: "a1")
    cache.get("b", 1, lambda: "b1")
    cache.get("a", 1, lambda: "a2")  # a is used again: b is now the oldest
    cache.get("c", 1, lambda: "c1")

    assert cache.get("a", 1, lambda: "recomputed") == "a1"
    assert cache.get("b", 1, lambda: "recomputed") == "recomputed"


def test_version_changes_when_another_connection_commits(ledger: Ledger) -> None:
    reader = LedgerReader(ledger.path)
    try:
        before, same = reader.version(), reader.version()
        ledger.job()
        after = reader.version()
    finally:
        reader.close()

    assert before == same != after


def test_connections_are_reused_and_a_failed_one_is_not(ledger: Ledger) -> None:
    reader = LedgerReader(ledger.path, max_idle=1)
    try:
        with reader.reading() as first:
            pass
        with reader.reading() as second:
            pass
        with pytest.raises(sqlite3.OperationalError), reader.reading() as broken:
            broken.execute("SELECT nothing FROM nowhere")
        with reader.reading() as third:
            pass
    finally:
        reader.close()

    assert first is second and third is not broken


def test_answers_follow_the_ledger(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="queued")
    before = client.get("/jobs").json()
    detail = client.get(f"/jobs/{job}").json()
    health = client.get("/health").json()["jobs_by_status"]["queued"]
    ledger.conn.execute("UPDATE jobs SET status = 'running' WHERE id = ?", (job,))
    ledger.event(job)  # the writer's event row: what the full list (kept in memory) follows
    after = client.get("/jobs").json()

    assert [j["status"] for j in before] == ["queued"] and detail["status"] == "queued" and health == 1
    assert [j["status"] for j in after] == ["running"]
    assert client.get(f"/jobs/{job}").json()["status"] == "running"
    assert client.get("/health").json()["jobs_by_status"]["running"] == 1


def attempts_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE jobs (id TEXT PRIMARY KEY, command TEXT)")
    conn.execute(
        "CREATE TABLE attempts (id INTEGER PRIMARY KEY, job_id TEXT, started_at REAL, finished_at REAL,"
        " outcome TEXT, category TEXT)"
    )
    conn.executemany("INSERT INTO jobs VALUES (?, ?)", [("j1", "morphotag"), ("j2", "align")])
    return conn


def add(
    conn: sqlite3.Connection,
    job: str,
    seconds: float | None,
    outcome: str | None,
    category: str | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO attempts (job_id, started_at, finished_at, outcome, category) VALUES (?, 10, ?, ?, ?)",
        (job, None if seconds is None else 10 + seconds, outcome, category),
    )
    return int(cursor.lastrowid or 0)


def test_tally_reads_only_new_attempts_and_waits_for_running_ones(tmp_path: Path) -> None:
    conn = attempts_db(tmp_path / "a.db")
    tally = AttemptTally()
    add(conn, "j1", 2.0, "done")
    running = add(conn, "j2", None, None)
    add(conn, "j1", 1.0, "retry", "worker_crash")

    first = tally.read(conn)
    upto_while_running = tally.upto
    conn.execute("UPDATE attempts SET finished_at = 15, outcome = 'done' WHERE id = ?", (running,))
    second = tally.read(conn)
    third = tally.read(conn)

    assert (first.running, first.outcomes, first.count) == (1, {"done": 1, "retry": 1}, {"morphotag": 2})
    assert first.categories == {"worker_crash": 1} and first.seconds["morphotag"] == 3.0
    assert upto_while_running == 1  # the attempt after the running one is counted, not settled
    assert (second.running, second.outcomes["done"], second.count["align"], second.seconds["align"]) == (
        0,
        2,
        1,
        5.0,
    )
    assert tally.upto == 3 and third == second


def test_tally_starts_over_on_a_replaced_ledger(tmp_path: Path) -> None:
    tally = AttemptTally()
    old = attempts_db(tmp_path / "old.db")
    for _ in range(3):
        add(old, "j1", 1.0, "done")
    tally.read(old)
    new = attempts_db(tmp_path / "new.db")
    add(new, "j2", 4.0, "error", "parse_error")

    totals = tally.read(new)

    assert (totals.outcomes, totals.count, totals.seconds["align"]) == ({"error": 1}, {"align": 1}, 4.0)


def test_concurrent_misses_read_once(ledger: Ledger, tmp_path: Path) -> None:
    ledger.job()
    endpoints = Endpoints(api_settings(ledger.path, tmp_path / "state"), {})
    reads: list[int] = []
    release = threading.Event()

    def slow_read(conn: sqlite3.Connection) -> int:
        reads.append(1)
        release.wait(timeout=10)  # every request arrives while this read is in flight
        return int(conn.execute("SELECT count(*) FROM jobs").fetchone()[0])

    async def many() -> list[int]:
        waiting = [asyncio.ensure_future(endpoints._cached(("jobs",), slow_read)) for _ in range(20)]
        await asyncio.sleep(0)
        while not reads:
            await asyncio.sleep(0.01)
        release.set()
        return list(await asyncio.gather(*waiting))

    answers = asyncio.run(many())
    again = asyncio.run(endpoints._cached(("jobs",), slow_read))
    endpoints.reader.close()

    assert answers == [1] * 20 and again == 1
    assert len(reads) == 1


def test_the_app_closes_its_connections_when_it_stops(ledger: Ledger, tmp_path: Path) -> None:
    app = create_app(api_settings(ledger.path, tmp_path / "state"))
    with TestClient(app) as client:
        client.get("/jobs")
        client.get("/health")
        # getattr: to mypy a route's endpoint is a plain callable, not a bound method.
        reader = next(getattr(r.endpoint, "__self__").reader for r in app.routes if isinstance(r, Route))  # noqa: B009
        pooled = len(reader._idle)

    assert pooled == 1 and reader._idle == [] and reader._probe is None
