"""`hotfolder worker --config FILE`: its file, the queues it polls, and its errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hotfolder.commands.registry import Registry
from hotfolder.errors import ConfigError
from hotfolder.pool.temporal.machine import plan_queues
from hotfolder.pool.temporal.queues import classes_within, command_of, memory_class, task_queue
from hotfolder.pool.temporal.workerconfig import load_worker_settings
from tests.temporal.cluster import REPO

GOOD = """\
temporal:
  address: lab.example.org:7233
  task_queue_prefix: lab1
  shared_staging: ../share
serve:
  - {command: test, lang: eng}
  - {command: stream, lang: fra}
max_workers: 3
"""


def test_a_worker_file_is_read_with_paths_against_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "etc" / "worker.yaml"
    path.parent.mkdir()
    path.write_text(GOOD)
    settings = load_worker_settings(path)
    assert settings.temporal.shared_staging == tmp_path / "share"
    assert settings.max_workers == 3 and [e.command for e in settings.serve] == ["test", "stream"]


def test_a_bad_key_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "worker.yaml"
    path.write_text(GOOD.replace("max_workers: 3", "max_workers: 0"))
    with pytest.raises(ConfigError) as caught:
        load_worker_settings(path)
    assert caught.value.line == 8 and caught.value.key == "max_workers" and str(path) in str(caught.value)


def test_queues_per_command_language_and_memory_class(tmp_path: Path) -> None:
    path = tmp_path / "worker.yaml"
    path.write_text(GOOD + "engines: {test: 'tests.support.testengine:COMMAND'}\n")
    settings = load_worker_settings(path)
    queues, skipped = plan_queues(settings, Registry(dict(settings.engines or {})), total_mb=8192)
    assert queues == ["lab1.test.eng.s"] and skipped == ["stream: no engine for it in this build"]
    assert memory_class(3000) == "m" and memory_class(100) == "s" and memory_class(40_000) == "xl"
    assert classes_within(2048) == ["s"] and classes_within(64_000) == ["s", "m", "l", "xl"]
    assert command_of(task_queue("lab1", "morphotag", "eng", "m"), "lab1") == "morphotag" and command_of("lab1.control", "lab1") is None


def test_a_machine_too_small_for_a_command_says_so() -> None:
    from hotfolder.config.temporal import WorkerSettings

    settings = WorkerSettings.model_validate({"temporal": {"shared_staging": "/tmp/x"}, "serve": [{"command": "morphotag"}]})
    queues, skipped = plan_queues(settings, Registry(), total_mb=2048)
    assert queues == [] and "needs memory class 'm'" in skipped[0]


def test_the_cli_reports_a_missing_file() -> None:
    done = subprocess.run([sys.executable, "-m", "hotfolder.cli", "worker", "--config", "/nonexistent/w.yaml"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "/nonexistent/w.yaml" in done.stderr and "cannot read" in done.stderr


def test_the_lab_servers_pool_chooses_temporal_and_needs_its_settings(tmp_path: Path) -> None:
    from hotfolder.config import settings_from_dict

    base = {"state_dir": "state", "hotfolders": [{"name": "m", "inbox": "in", "outbox": "out", "command": "morphotag"}]}
    chosen = settings_from_dict({**base, "pool": {"executor": "temporal", "temporal": {"shared_staging": "share", "task_queue_prefix": "lab1"}}}, tmp_path)
    assert chosen.pool.executor == "temporal" and chosen.pool.temporal is not None
    assert chosen.pool.temporal.shared_staging == tmp_path / "share" and chosen.pool.temporal.address == "127.0.0.1:7233"
    assert settings_from_dict(base, tmp_path).pool.executor == "local"
    with pytest.raises(ConfigError, match=r"pool\.temporal needs at least shared_staging"):
        settings_from_dict({**base, "pool": {"executor": "temporal"}}, tmp_path)
