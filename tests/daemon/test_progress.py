"""An engine's progress, through the daemon into the ledger and out of the API, with a fake clock."""

from __future__ import annotations

import json
import time
from itertools import pairwise
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from hotfolder.api.app import create_app
from hotfolder.api.settings import STREAM_POLL_S, ApiSettings
from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.ledger import FileStatus
from hotfolder.pool.inmemory import Reply, Takes
from tests.daemon.harness import Harness

UTTERANCES = 300


def slow_counting(task: FileTask) -> Reply:
    """A file that takes 10 fake seconds, reporting its 300 utterances as it goes."""
    return Takes(10.0, FileResult([FileOutput(task.display_path, b"done\n")], engines={"memory": "1"}), counts=UTTERANCES)


def api(h: Harness) -> TestClient:
    settings = ApiSettings(
        db_path=h.daemon.ledger.path, state_dir=h.root / "state", token=None, node_id="test", version="0",
        capabilities=lambda: ["coref"], allowed_hosts=("testserver",),
    )
    return TestClient(create_app(settings), raise_server_exceptions=False)


def progress_of(h: Harness, name: str) -> tuple[int | None, int | None]:
    row = h.daemon.ledger.conn.execute("SELECT progress_current, progress_total FROM files WHERE filename = ?", (name,)).fetchone()
    return row[0], row[1]


def progress_rows(h: Harness) -> list[tuple[float, list[int]]]:
    rows = h.daemon.ledger.conn.execute("SELECT ts, data FROM events WHERE kind = 'file_update' ORDER BY id").fetchall()
    return [(ts, json.loads(data)["progress"]) for ts, data in rows if "progress" in json.loads(data)]


def test_reported_progress_lands_in_the_ledger_throttled_and_shows_in_the_api(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.executor.behaviour = slow_counting
    h.drop("long.txt")
    h.until(lambda: bool(h.jobs()) and h.file("long.txt").status == FileStatus.PROCESSING)
    h.step(8, advance=0.25)  # 2 fake seconds in 8 steps: the executor reports on each poll
    current, total = progress_of(h, "long.txt")
    assert total == UTTERANCES and 0 < (current or 0) < UTTERANCES

    with api(h) as client:
        job = h.job().id
        (entry,) = client.get(f"/jobs/{job}").json()["file_statuses"]
        assert entry["status"] == "processing"
        assert (entry["progress_current"], entry["progress_total"]) == (current, UTTERANCES)

        h.until(h.ended, advance=0.25)
        (done,) = client.get(f"/jobs/{job}").json()["file_statuses"]
        assert done["status"] == "done"

    rows = progress_rows(h)
    times = [ts for ts, _ in rows]
    # Reported on every 0.25 s poll, written at most once a second per file.
    assert len(rows) >= 5 and all(later - earlier >= 1.0 for earlier, later in pairwise(times))
    counts = [current for _, (current, total) in rows]
    assert counts == sorted(counts) and {total for _, (_, total) in rows} == {UTTERANCES}


def test_a_new_attempt_starts_with_no_progress(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.executor.behaviour = slow_counting
    h.drop("long.txt")
    h.until(lambda: bool(h.jobs()) and (progress_of(h, "long.txt")[0] or 0) > 0, advance=0.25)
    h.restart_daemon(clean=False)  # as a kill -9 would: the file is requeued and runs again
    assert h.file("long.txt").status == FileStatus.QUEUED and progress_of(h, "long.txt") == (None, None)
    h.executor.behaviour = slow_counting
    h.until(lambda: h.file("long.txt").status == FileStatus.PROCESSING)
    assert progress_of(h, "long.txt")[0] in (None, 0)  # counted from the start, not where the last attempt got to


def test_engines_that_do_not_report_leave_progress_empty(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.drop("quiet.txt", "sleep 3")
    h.until(lambda: bool(h.jobs()) and h.file("quiet.txt").status == FileStatus.PROCESSING)
    h.step(4)
    assert progress_of(h, "quiet.txt") == (None, None)
    h.until(h.ended)
    assert progress_rows(h) == []


def test_progress_reaches_ws_listeners_as_file_updates(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    h.executor.behaviour = slow_counting
    h.drop("long.txt")
    h.until(lambda: bool(h.jobs()) and h.file("long.txt").status == FileStatus.PROCESSING)
    with api(h) as client, client.websocket_connect("/ws") as ws:
        assert ws.receive_json()["type"] == "snapshot"
        h.step(6, advance=0.25)  # fake time: progress written, at most once a second
        time.sleep(4 * STREAM_POLL_S)  # real time: the feed's tail reads it (one poll sends a file's latest state)
        h.until(h.ended, advance=0.25)
        files: list[dict[str, Any]] = []
        while not files or files[-1]["status"] != "done":  # the file's end always comes: no wait for ever
            message = ws.receive_json()
            if message["type"] == "file_update":
                files.append(message["file"])
    running = [f for f in files if f["status"] == "processing"]
    assert running, files
    assert all(f["progress_total"] == UTTERANCES and 0 < f["progress_current"] < UTTERANCES for f in running)
