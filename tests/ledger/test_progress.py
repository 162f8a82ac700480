"""`Ledger.set_progress`: written only for a processing file, with an event; cleared when an attempt starts."""

from __future__ import annotations

import json
from pathlib import Path

from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import Ledger

from .helpers import ledger_at, new_job


def progress(ledger: Ledger, file_id: int) -> tuple[int | None, int | None]:
    row = ledger.conn.execute("SELECT progress_current, progress_total FROM files WHERE id = ?", (file_id,)).fetchone()
    return row[0], row[1]


def progress_events(ledger: Ledger) -> list[list[int]]:
    rows = ledger.conn.execute("SELECT data FROM events WHERE kind = 'file_update' ORDER BY id").fetchall()
    return [json.loads(row[0])["progress"] for row in rows if "progress" in json.loads(row[0])]


def test_progress_is_recorded_only_while_processing_and_reset_by_each_attempt(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    job = ledger.create_job(new_job())
    (record,) = ledger.files(job)
    assert ledger.set_progress(record.id, 1, 10) is False  # queued: nothing written
    assert progress(ledger, record.id) == (None, None) and progress_events(ledger) == []

    ledger.start_file(record.id, 123)
    assert ledger.set_progress(record.id, 4, 10) is True
    assert progress(ledger, record.id) == (4, 10) and progress_events(ledger) == [[4, 10]]

    ledger.file_retry(record.id, FileFailure("engine busy", FailureCategory.PROVIDER_TRANSIENT), next_eligible_at=0)
    assert progress(ledger, record.id) == (None, None)  # a queued file shows no count
    ledger.start_file(record.id, 124)
    assert progress(ledger, record.id) == (None, None)  # the new attempt counts from nothing
    ledger.set_progress(record.id, 10, 10)
    ledger.file_done(record.id, ["a.cha"], {})
    assert progress(ledger, record.id) == (10, 10)  # a done file keeps how many it had
    assert ledger.set_progress(record.id, 3, 10) is False  # a late report of an ended file
    assert progress(ledger, record.id) == (10, 10) and progress_events(ledger) == [[4, 10], [10, 10]]
