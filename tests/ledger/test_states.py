"""The file transition table, and the ledger's writes refusing what it forbids."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import FileStatus as F
from hotfolder.ledger.states import TransitionError, check_file_move, file_sources

from .helpers import ledger_at, new_job

LEGAL = {
    (F.QUEUED, F.PROCESSING), (F.QUEUED, F.ERROR),  # runs; cancelled before it ran
    (F.PROCESSING, F.DONE), (F.PROCESSING, F.ERROR), (F.PROCESSING, F.QUEUED),  # ends; retried, requeued, recovered
    (F.ERROR, F.QUEUED),  # restart
}


@pytest.mark.parametrize("old", list(F))
@pytest.mark.parametrize("new", list(F))
def test_the_file_table(old: F, new: F) -> None:
    if old == new or (old, new) in LEGAL:
        check_file_move(old, new)
    else:
        with pytest.raises(TransitionError, match=f"a file cannot go from {old} to {new}"):
            check_file_move(old, new)


def test_bulk_updates_touch_the_statuses_the_table_allows() -> None:
    assert set(file_sources(F.ERROR)) == {F.QUEUED, F.PROCESSING}  # what a cancel ends
    assert set(file_sources(F.QUEUED)) == {F.PROCESSING, F.ERROR}
    assert file_sources(F.DONE) == (F.PROCESSING,)


def test_a_done_file_is_final_for_the_writes(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    job_id = ledger.create_job(new_job())
    file_id = ledger.files(job_id)[0].id
    with pytest.raises(TransitionError):  # never started: cannot be done
        ledger.file_done(file_id, ["a.cha"], {})
    assert ledger.start_file(file_id, None) == 1
    ledger.file_done(file_id, ["a.cha"], {})
    with pytest.raises(TransitionError, match="from done to error"):
        ledger.file_error(file_id, FileFailure("late", FailureCategory.SYSTEM))
    with pytest.raises(TransitionError, match="from done to queued"):
        ledger.requeue_file(file_id, "late")
    assert ledger.file(file_id).status == F.DONE


def test_a_file_cancelled_while_its_unit_was_on_the_way_is_not_started(tmp_path: Path) -> None:
    ledger = ledger_at(tmp_path)
    job_id = ledger.create_job(new_job())
    file_id = ledger.files(job_id)[0].id
    ledger.cancel(job_id)
    assert ledger.start_file(file_id, 123) is None
    record = ledger.file(file_id)
    assert (record.status, record.attempts, record.error_category) == (F.ERROR, 0, "cancelled")
