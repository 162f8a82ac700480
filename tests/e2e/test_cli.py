"""The CLI as an operator meets it: help, check-config, jobs, status, startup errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hotfolder.cli import build_parser
from tests.support.daemon import ROOT, make_daemon
from tests.support.launch import TEST_COMMAND

SUBCOMMANDS = ["run", "check-config", "jobs", "status", "cancel", "restart"]


def hotfolder(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "hotfolder.cli", *args], capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_command_has_help(name: str) -> None:
    parser = build_parser()
    actions = next(a for a in parser._actions if a.dest == "command")
    assert name in actions.choices  # type: ignore[operator]
    result = hotfolder(name, "--help")
    assert result.returncode == 0
    assert "usage: hotfolder " + name in result.stdout


def test_check_config_reports_every_folder(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "eng", "command": "morphotag"}])
    Path(tmp_path / "eng" / "failed").mkdir()
    result = hotfolder("check-config", str(d.config_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "configuration is valid (1 hot folder(s))" in result.stdout
    for role in ("inbox", "outbox", "failed"):
        assert any(role in line and "ok" in line for line in result.stdout.splitlines()), result.stdout


def test_check_config_names_unknown_key_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("hotfolders:\n  - name: x\n    command: morphotag\n    inbox: in\n    outbox: out\n    setle_s: 3\n")
    result = hotfolder("check-config", str(path))
    assert result.returncode == 2
    assert f"{path}:6" in result.stderr and "setle_s" in result.stderr and "settle_s" in result.stderr


def test_check_config_refuses_command_without_offline_engine(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "c", "command": "coref"}])
    result = hotfolder("check-config", str(d.config_path))
    assert result.returncode == 1
    assert "coref" in result.stdout and "coreferee" in result.stdout


def test_run_refuses_command_without_offline_engine(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "c", "command": "transcribe_s"}])
    result = hotfolder("run", "--config", str(d.config_path))
    assert result.returncode == 2
    assert "transcribe_s" in result.stderr and "diarization" in result.stderr


def test_run_refuses_an_unusable_folder(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "eng", "command": "morphotag"}])
    config = yaml.safe_load(d.config_path.read_text())
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    config["hotfolders"][0]["outbox"] = str(blocker / "outbox")
    d.config_path.write_text(yaml.safe_dump(config))
    result = hotfolder("run", "--config", str(d.config_path))
    assert result.returncode == 2
    assert "cannot use these folders" in result.stderr and "outbox" in result.stderr


@pytest.mark.e2e
def test_jobs_and_status_read_the_ledger(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}])
    d.start()
    (d.folders["t"].inbox / "a.txt").write_text("sleep 0\n")
    job = d.wait_jobs_ended(1)[0]
    assert d.stop() == 0
    listing = hotfolder("jobs", "--config", str(d.config_path))
    assert listing.returncode == 0, listing.stderr
    assert job["job_id"] in listing.stdout and "completed" in listing.stdout
    status = hotfolder("status", "--config", str(d.config_path))
    assert "completed 1" in status.stdout and "t " in status.stdout
    unknown = hotfolder("cancel", "nope", "--config", str(d.config_path))
    assert unknown.returncode == 2 and "matches no job" in unknown.stderr
    ended = hotfolder("cancel", job["job_id"], "--config", str(d.config_path))
    assert ended.returncode == 2 and "cannot go from completed to cancelled" in ended.stderr
