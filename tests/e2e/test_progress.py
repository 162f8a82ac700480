"""Progress through the real daemon: a long morphotag transcript shows utterances done while it runs."""

from __future__ import annotations

import json
import sqlite3
import time
from itertools import pairwise
from pathlib import Path

import pytest

from tests.support.daemon import make_daemon, wait_for
from tests.support.transcripts import transcript

pytestmark = pytest.mark.e2e

UTTERANCES = 8000  # ~5 s of spaCy on this machine: several ledger writes, at most one a second


def test_long_morphotag_file_shows_progress_in_utterances(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "eng", "command": "morphotag", "lang": "eng"}])
    d.start()
    staged = tmp_path / "long.cha"
    staged.write_text(transcript(UTTERANCES))
    staged.rename(d.folders["eng"].inbox / "long.cha")
    job = wait_for(d.jobs, what="the job")[0]["job_id"]

    seen: list[tuple[int, int]] = []  # (current, total) of each GET while the file is processing
    end = time.monotonic() + 240
    while True:
        assert time.monotonic() < end, f"not done; seen {seen}\n{d.log()[-3000:]}"
        detail = d.get(f"/jobs/{job}")
        (entry,) = detail["file_statuses"]
        if entry["status"] == "processing" and entry.get("progress_total") is not None:
            assert entry["progress_stage"] == "analyzing_morphosyntax"
            seen.append((entry["progress_current"], entry["progress_total"]))
        if detail["status"] in ("completed", "failed"):
            break
        time.sleep(0.1)
    assert detail["status"] == "completed", detail
    assert d.stop() == 0

    # GET /jobs/{id} showed the count moving forward, out of the file's utterances.
    assert seen, "no GET saw progress while the file was processing"
    assert {total for _, total in seen} == {UTTERANCES}
    assert [current for current, _ in seen] == sorted(current for current, _ in seen)
    assert all(0 < current <= UTTERANCES for current, _ in seen)

    # The ledger's history (what /ws and SSE read): a file_update per write, at most one a second.
    with sqlite3.connect(tmp_path / "state" / "ledger.db") as conn:
        rows = conn.execute("SELECT ts, data FROM events WHERE kind = 'file_update' AND job_id = ? ORDER BY id", (job,)).fetchall()
    written = [(ts, json.loads(data)["progress"]) for ts, data in rows if "progress" in json.loads(data)]
    assert len(written) >= 2, written
    assert all(later[0] - earlier[0] >= 0.99 for earlier, later in pairwise(written))
    counts = [current for _, (current, _) in written]
    assert counts == sorted(counts) and {total for _, (_, total) in written} == {UTTERANCES}
    assert {current for current, _ in seen} <= set(counts)  # the API showed what the ledger recorded
