"""`hotfolder cancel/restart`: a request the running daemon applies, or the CLI itself when none runs."""

from __future__ import annotations

import contextlib
import io
import os
import threading
import time
from pathlib import Path

import pytest
import yaml

from hotfolder import cli, operator_cli
from hotfolder.daemon import pidfile
from hotfolder.ledger import JobStatus, Ledger

from .helpers import Clock, new_job

DAEMON_TIME = 2_000_000_000.0


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Ledger, str]:
    config = tmp_path / "config.yaml"
    folder = {"name": "t", "command": "coref", "inbox": "inbox", "outbox": "outbox", "failed": "failed"}
    config.write_text(yaml.safe_dump({"state_dir": "state", "node_id": "n", "hotfolders": [folder]}))
    ledger = Ledger(tmp_path / "state" / "ledger.db", clock=Clock())
    return config, ledger, ledger.create_job(new_job(("a.cha", "b.cha")))


def run(config: Path, *args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main([*args, "--config", str(config)]) == 0
    return out.getvalue()


def test_with_no_daemon_the_cli_applies_its_request_at_once(setup: tuple[Path, Ledger, str]) -> None:
    config, ledger, job_id = setup
    (ledger.path.parent / pidfile.NAME).write_text("999999999\n")  # left by a daemon killed -9
    started = time.monotonic()
    assert f"job {job_id} cancelled" in run(config, "cancel", job_id[:8])
    assert "2 file(s) will run again" in run(config, "restart", job_id)
    assert time.monotonic() - started < operator_cli.APPLY_WAIT_S / 2  # no wait for a daemon that is not there
    assert ledger.job(job_id).status == JobStatus.QUEUED
    assert [(r.kind, r.error) for r in ledger.requests_after(0)] == [("cancel", None), ("restart", None)]
    assert all(r.applied_at is not None for r in ledger.requests_after(0))


def test_a_running_daemon_applies_the_request(setup: tuple[Path, Ledger, str]) -> None:
    config, ledger, job_id = setup
    pidfile.write(ledger.path.parent)  # this process plays the daemon
    applied_by_daemon: list[int] = []

    def daemon() -> None:
        mine = Ledger(ledger.path, clock=Clock(DAEMON_TIME))
        deadline = time.monotonic() + 5
        while not applied_by_daemon and time.monotonic() < deadline:
            for request in mine.requests_after(0):
                mine.apply_request(request.id)
                applied_by_daemon.append(request.id)
            time.sleep(0.1)
        mine.close()

    thread = threading.Thread(target=daemon)
    thread.start()
    assert "cancelled" in run(config, "cancel", job_id)
    thread.join()
    (request,) = ledger.requests_after(0)
    assert applied_by_daemon == [request.id]
    assert request.applied_at is not None and request.applied_at > DAEMON_TIME  # the daemon's clock: it applied it
    assert ledger.job(job_id).status == JobStatus.CANCELLED


def test_a_daemon_that_does_not_answer_in_time_is_not_waited_for(
    setup: tuple[Path, Ledger, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, ledger, job_id = setup
    (ledger.path.parent / pidfile.NAME).write_text(f"{os.getpid()}\n")  # alive, but never steps
    monkeypatch.setattr(operator_cli, "APPLY_WAIT_S", 0.3)
    started = time.monotonic()
    assert "cancelled" in run(config, "cancel", job_id)
    assert 0.3 <= time.monotonic() - started < 5
    assert ledger.job(job_id).status == JobStatus.CANCELLED


def test_a_refused_request_is_not_recorded(setup: tuple[Path, Ledger, str], capsys: pytest.CaptureFixture[str]) -> None:
    config, ledger, job_id = setup
    ledger.start_file(ledger.files(job_id)[0].id, None)  # running: a restart is not a legal move
    assert cli.main(["restart", job_id, "--config", str(config)]) == 2
    assert "a job cannot go from running to queued" in capsys.readouterr().err
    assert ledger.requests_after(0) == []
