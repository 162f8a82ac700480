"""A big ledger stays quick to list: the page's cost follows its size, not the ledger's."""

from __future__ import annotations

import statistics
import time
import uuid

from starlette.testclient import TestClient

from hotfolder.api.db import reading
from hotfolder.ledger.reads import JOBS_SQL

from .conftest import Ledger

JOBS = 20_000
FILES_PER_JOB = 3
STATUSES = ("completed",) * 7 + ("failed", "queued", "running")


def fill(ledger: Ledger) -> list[str]:
    """JOBS jobs with FILES_PER_JOB files and one input each; ids newest first."""
    ids = [str(uuid.uuid4()) for _ in range(JOBS)]
    jobs = [
        (
            job,
            "lab",
            f"b{n}",
            "folder",
            "morphotag",
            "eng",
            "{}",
            STATUSES[n % len(STATUSES)],
            1_767_225_600.0 + n,
            str(ledger.outbox),
            "/f",
            "/s",
            "node-a",
            0.0,
        )
        for n, job in enumerate(ids)
    ]
    files = [(job, f"b{n}/f{k}.cha", "done") for n, job in enumerate(ids) for k in range(FILES_PER_JOB)]
    inputs = [(job, "lab", f"/in/b{n}/f0.cha", f"b{n}/f0.cha", 1, 1, 1) for n, job in enumerate(ids)]
    conn = ledger.conn
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO jobs (id, folder, bundle, bundle_kind, command, lang, options, status, submitted_at,"
        " outbox_dir, failed_dir, staging_dir, node_id, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        jobs,
    )
    conn.executemany("INSERT INTO files (job_id, filename, status) VALUES (?,?,?)", files)
    conn.executemany(
        "INSERT INTO inputs (job_id, folder, path, display_path, size, mtime_ns, inode)"
        " VALUES (?,?,?,?,?,?,?)",
        inputs,
    )
    conn.execute("COMMIT")
    return ids[::-1]


def median_ms(client: TestClient, url: str) -> float:
    client.get(url)  # warm the page cache once
    times = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(times)


def test_first_page_of_a_big_ledger_under_100_ms(ledger: Ledger, client: TestClient) -> None:
    newest = fill(ledger)

    page = client.get("/jobs?limit=100").json()
    elapsed = median_ms(client, "/jobs?limit=100")

    assert [job["job_id"] for job in page] == newest[:100]
    assert all(job["total_files"] == FILES_PER_JOB for job in page)
    assert page[0]["source_dir"] == f"/in/b{JOBS - 1}"  # the bundle's own folder
    assert elapsed < 100, f"/jobs?limit=100 took {elapsed:.1f} ms over {JOBS} jobs"


def test_page_query_uses_indexes_only(ledger: Ledger) -> None:
    ledger.job()
    with reading(ledger.path) as conn:
        plan = [
            row["detail"] for row in conn.execute("EXPLAIN QUERY PLAN " + JOBS_SQL.format(where=""), (100, 0))
        ]

    assert "SCAN jobs USING INDEX jobs_submitted" in plan
    assert any(step.startswith("SEARCH files USING INDEX files_job") for step in plan)
    assert not any(step.startswith("SCAN files") or step.startswith("SCAN inputs") for step in plan)
