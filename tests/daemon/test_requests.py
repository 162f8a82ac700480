"""Operators' requests taken by the daemon's step: applied there, acted on at once, none lost over a restart."""

from __future__ import annotations

from pathlib import Path

from hotfolder.ledger import FileStatus as F
from hotfolder.ledger import JobStatus as J
from hotfolder.ledger import Ledger, RequestKind
from hotfolder.pool.units import UnitStarted
from tests.daemon.harness import START, Harness


def running(h: Harness) -> None:
    h.drop("a.txt", "sleep 100\nok")
    h.until(lambda: bool(h.jobs()) and h.file("a.txt").status == F.PROCESSING)


def test_a_pending_cancel_is_applied_in_the_next_step_and_stops_the_unit(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    request_id = h.daemon.ledger.request(h.job().id, RequestKind.CANCEL)  # as a CLI that saw the daemon running
    assert h.job().status == J.RUNNING and h.executor.cancelled == []
    h.step()
    (request,) = h.daemon.ledger.requests_after(request_id - 1)
    assert request.applied_at is not None and request.applied_at > START and request.error is None
    assert (h.job().status, h.file("a.txt").status) == (J.CANCELLED, F.ERROR)
    assert h.executor.cancelled == [h.executor.submitted[0].id]  # in the same step, no status polling
    h.until(h.ended)
    assert any(h.failed.rglob("a.txt"))  # its input kept in failed/


def test_a_restart_is_dispatched_in_the_step_that_applies_it(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    h.daemon.ledger.request(h.job().id, RequestKind.CANCEL)
    h.until(h.ended)
    h.step(advance=0.01)  # a dispatch with nothing to run: the next is a second away
    units = len(h.executor.submitted)
    h.daemon.ledger.request(h.job().id, RequestKind.RESTART)
    h.step(advance=0.01)  # far less than the dispatch tick: the request itself calls for a dispatch
    assert len(h.executor.submitted) == units + 1
    h.until(h.ended)
    assert (h.job().status, h.file("a.txt").status) == (J.COMPLETED, F.DONE)


def test_a_request_recorded_while_the_daemon_was_down_is_applied_when_it_starts(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    job_id = h.job().id
    h.daemon.ledger.close()  # killed: the request lands in the ledger with nobody to apply it
    with_no_daemon = Ledger(h.root / "state" / "ledger.db", clock=h.clock.wall)
    with_no_daemon.request(job_id, RequestKind.CANCEL)
    with_no_daemon.close()
    h.restart_daemon(clean=False)
    h.step()
    assert h.job().status == J.CANCELLED
    assert h.daemon.ledger.requests_after(h.daemon.ledger.requests_start()) == []  # none pending


def test_a_refused_request_changes_nothing(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    h.daemon.ledger.request(h.job().id, RequestKind.RESTART)  # a running job cannot be restarted
    h.step()
    (request,) = h.daemon.ledger.requests_after(0)
    assert request.error == "a job cannot go from running to queued"
    assert h.job().status == J.RUNNING and h.executor.cancelled == []


def test_applied_requests_are_pruned_after_a_day_keeping_the_newest_id(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    first = h.daemon.ledger.request(h.job().id, RequestKind.CANCEL)
    h.step()
    second = h.daemon.ledger.request(h.job().id, RequestKind.CANCEL)  # refused (already cancelled), still applied
    h.step()
    assert [r.id for r in h.daemon.ledger.requests_after(0)] == [first, second]
    h.step(advance=3600.0)  # an hour: too young to go
    assert [r.id for r in h.daemon.ledger.requests_after(0)] == [first, second]
    h.step(advance=86_400.0 + 3600.0)
    # Both older than a day, but the newest row stays so a new request never reuses an id the daemon read past.
    assert [r.id for r in h.daemon.ledger.requests_after(0)] == [second]
    third = h.daemon.ledger.request(h.job().id, RequestKind.RESTART)
    assert third > second
    h.step()
    (applied,) = h.daemon.ledger.requests_after(second)
    assert applied.applied_at is not None and applied.error is None


def test_a_start_reported_after_a_cancel_opens_no_attempt_and_is_not_counted(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    running(h)
    started = h.daemon.attempts_started
    unit_id = h.executor.submitted[0].id
    h.daemon.ledger.cancel(h.job().id)  # the file ends while its unit's start is still on the way
    h.daemon._handle([UnitStarted(unit_id, 4242)])
    assert h.daemon.attempts_started == started
    assert h.file("a.txt").status == F.ERROR
