"""A real daemon process on temporary folders, for end-to-end tests."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
STARTED: list[DaemonProcess] = []  # every daemon a test started; tests/conftest.py stops the leftovers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], T], timeout: float = 60.0, interval: float = 0.1, what: str = "condition") -> T:
    """Poll until `predicate()` is truthy; return its value or fail with `what`."""
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(interval)


def fetch_until(fetch: Callable[[], T], check: Callable[[T], bool], timeout: float = 60.0, what: str = "condition") -> T:
    """Fetch repeatedly until `check` accepts the value; return that value."""
    found: list[T] = []

    def attempt() -> bool:
        value = fetch()
        if check(value):
            found.append(value)
            return True
        return False

    wait_for(attempt, timeout=timeout, what=what)
    return found[0]


@dataclass
class Folder:
    name: str
    inbox: Path
    outbox: Path
    failed: Path


@dataclass
class DaemonProcess:
    root: Path
    config_path: Path
    port: int
    folders: dict[str, Folder]
    launcher: list[str]
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    @property
    def log_path(self) -> Path:
        return self.root / "daemon.log"

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        with open(self.log_path, "ab") as log:
            # Its own process group, so a test that fails midway can still take down daemon and workers.
            self.process = subprocess.Popen(
                [*self.launcher, str(self.config_path)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        STARTED.append(self)
        wait_for(self._healthy, timeout=90, what=f"daemon health (log: {self.log_path})")

    def _healthy(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"daemon exited with {self.process.returncode}:\n{self.log()}")
        try:
            return self.get("/health")["status"] == "ok"
        except (urllib.error.URLError, ConnectionError, OSError):
            return False

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60) -> int:
        assert self.process is not None
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=timeout)
        return code

    def kill9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        # Workers are the daemon's children; they die with their pipe closed.

    def kill_group(self) -> None:
        """Kill the daemon and every worker it started (test teardown after a failure)."""
        assert self.process is not None
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return json.loads(response.read())

    def get_raw(self, path: str, method: str = "GET") -> tuple[int, bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def jobs(self) -> list[dict[str, Any]]:
        return list(self.get("/jobs?limit=1000"))

    def wait_jobs_ended(self, count: int, timeout: float = 120) -> list[dict[str, Any]]:
        ended = {"completed", "failed", "cancelled"}

        def done() -> list[dict[str, Any]] | None:
            jobs = self.jobs()
            finished = [j for j in jobs if j["status"] in ended]
            return finished if len(finished) >= count else None

        return wait_for(done, timeout=timeout, what=f"{count} ended job(s)")

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "hotfolder.cli", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60)


def make_daemon(root: Path, folders: list[dict[str, Any]], *, extra: dict[str, Any] | None = None, launcher: list[str] | None = None) -> DaemonProcess:
    """Write a configuration with the given hot folders (name, command, ...) under `root`."""
    port = free_port()
    config: dict[str, Any] = {"state_dir": str(root / "state"), "port": port, "hotfolders": []}
    made: dict[str, Folder] = {}
    for spec in folders:
        name = spec["name"]
        base = root / name
        entry = {"inbox": str(base / "inbox"), "outbox": str(base / "outbox"), "settle_s": 0.5, "poll_interval_s": 0.2, **spec}
        for key in ("inbox", "outbox"):
            Path(entry[key]).mkdir(parents=True, exist_ok=True)
        config["hotfolders"].append(entry)
        made[name] = Folder(name, Path(entry["inbox"]), Path(entry["outbox"]), Path(entry.get("failed", base / "failed")))
    config.update(extra or {})
    path = root / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return DaemonProcess(root, path, port, made, launcher or [sys.executable, "-m", "tests.support.launch"])
