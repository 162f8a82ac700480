"""A real daemon: a rebound Host is refused, a public bind needs a token or the key (and is warned about)."""

from __future__ import annotations

import http.client
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.daemon import ROOT, make_daemon
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e


def status_for_host(port: int, host: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/jobs", headers={"Host": host})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def test_public_bind_allowed_by_name_warns_and_still_checks_the_host(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"host": "0.0.0.0", "api": {"allow_public_without_token": True}})
    d.start()
    try:
        rebound = status_for_host(d.port, f"attacker.example:{d.port}")
        local = status_for_host(d.port, f"localhost:{d.port}")
    finally:
        assert d.stop() == 0
    assert (rebound, local) == (421, 200)
    assert "WARNING hotfolder: the API on 0.0.0.0 has no token (api.allow_public_without_token is true)" in d.log()


def test_public_bind_without_token_is_refused_at_start_naming_the_key(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"host": "0.0.0.0"})
    run = subprocess.run(
        [sys.executable, "-m", "hotfolder.cli", "run", "--config", str(d.config_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert run.returncode != 0
    assert "api.allow_public_without_token: true" in run.stderr + run.stdout
    assert "Traceback" not in run.stderr
