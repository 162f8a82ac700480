"""The real daemon with `pool.executor: temporal`: the lab server killed -9 while worker machines run, and a CLI cancel.

The daemon runs the test engine as `coref` (tests/support/launch.py); the worker machines
serve `coref` with the same engine.
"""

from __future__ import annotations

import dataclasses
import signal
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import psutil
import pytest

from hotfolder.pool.temporal.hosts import read_reports
from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.temporal.cluster import HEARTBEAT_TIMEOUT_S, Cluster

pytestmark = pytest.mark.e2e


def _daemon(cluster: Cluster, root: Path) -> DaemonProcess:
    temporal = {"address": cluster.server.address, "task_queue_prefix": cluster.prefix, "shared_staging": str(cluster.shared),
                "heartbeat_timeout_s": HEARTBEAT_TIMEOUT_S}
    return make_daemon(root, [{"name": "t", "command": "coref"}], extra={"pool": {"executor": "temporal", "temporal": temporal, "warmup": False}})


def test_the_lab_server_killed_and_restarted_while_machines_run_lands_every_result_once(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfdaemon", workers=[])
    daemon = _daemon(cluster, tmp_path)
    try:
        cluster.start_worker("d1", serve=["coref"], wait=False)
        cluster.start_worker("d2", serve=["coref"])
        daemon.start()
        inbox = daemon.folders["t"].inbox
        for i in range(8):
            (inbox / f"f{i}.txt").write_text(f"sleep 2\nfile {i}\n")
        wait_for(lambda: any(j["status"] == "running" for j in daemon.jobs()), timeout=30, what="a job running")
        daemon.kill9()
        daemon.start()
        jobs = daemon.wait_jobs_ended(8, timeout=60)
        assert sorted(j["status"] for j in jobs) == ["completed"] * 8
        outbox = daemon.folders["t"].outbox
        outputs = sorted(p.name for p in outbox.rglob("*.txt"))
        assert outputs == [f"f{i}.txt" for i in range(8)]  # one output per input, none twice
        for i in range(8):
            assert next(outbox.rglob(f"f{i}.txt")).read_text() == f"sleep 2\nfile {i}\nok\n"
        assert daemon.stop(signal.SIGTERM) == 0
    finally:
        cluster.stop_all()


def test_cancel_through_the_cli_stops_the_remote_engine_within_seconds(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfcancel", workers=[])
    daemon = _daemon(cluster, tmp_path)
    try:
        cluster.start_worker("c1", serve=["coref"])
        daemon.start()
        (daemon.folders["t"].inbox / "long.txt").write_text("sleep 60\n")
        job = wait_for(lambda: next((j for j in daemon.jobs() if j["status"] == "running"), None), timeout=30, what="the job running")
        assert job is not None
        wait_for(lambda: any(r.identity == "c1" and r.busy_units for r in read_reports(cluster.shared)), timeout=20, what="the engine running")
        cancelled = time.monotonic()
        done = daemon.cli("cancel", job["job_id"], "--config", str(daemon.config_path))
        assert done.returncode == 0, done.stderr
        wait_for(lambda: any(r.identity == "c1" and r.busy_units == 0 and r.last_heartbeat > time.time() - 1 for r in read_reports(cluster.shared)),
                 timeout=10, what="the remote engine stopped")
        assert time.monotonic() - cancelled < 10
        assert daemon.stop(signal.SIGTERM) == 0
    finally:
        cluster.stop_all()


def test_health_shows_the_worker_machine_and_a_running_jobs_control_plane(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfhealth", workers=[])
    daemon = _daemon(cluster, tmp_path)
    try:
        cluster.start_worker("h1", serve=["coref"])
        daemon.start()
        (daemon.folders["t"].inbox / "slow.txt").write_text("sleep 4\n")
        job = wait_for(lambda: next((j for j in daemon.jobs() if j["status"] == "running"), None), timeout=30, what="the job running")
        assert job is not None
        job_id = job["job_id"]
        plane = wait_for(lambda: daemon.get(f"/jobs/{job_id}").get("control_plane"), timeout=10, what="control_plane")
        assert plane["backend"] == "temporal" and plane["temporal"]["workflow_id"].startswith("hfhealth")
        assert plane["temporal"]["task_queue"].startswith("hfhealth.coref.") and plane["temporal"]["status"] in ("queued", "running")

        scale_out = daemon.get("/health")["scale_out"]
        assert scale_out["executor"] == "temporal" and scale_out["control_plane"]["connected"] is True
        (host,) = [h for h in scale_out["worker_hosts"] if h["identity"] == "h1"]
        (report,) = [r for r in read_reports(cluster.shared) if r.identity == "h1"]
        assert host["task_queues"] == report.queues and host["live"] is True
        assert {c["command"] for c in host["capabilities"]} == {"coref"} and len(host["capabilities"]) == len(report.queues)
        heartbeat = datetime.fromisoformat(host["last_heartbeat_at"].replace("Z", "+00:00")).timestamp()
        assert time.time() - heartbeat < 3 * HEARTBEAT_TIMEOUT_S
        assert scale_out["duplicate_results_ignored"] == 0

        (ended,) = daemon.wait_jobs_ended(1, timeout=60)
        assert ended["status"] == "completed" and "control_plane" not in daemon.get(f"/jobs/{job_id}")
        assert daemon.stop(signal.SIGTERM) == 0
    finally:
        cluster.stop_all()


def test_the_ledger_records_the_worker_machines_engine_pids_and_the_job_counts_them(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfpids", workers=[])
    daemon = _daemon(cluster, tmp_path)
    try:
        machine = cluster.start_worker("p1", serve=["coref"], max_workers=2)
        daemon.start()
        pair = tmp_path / "pair"
        pair.mkdir()
        for name in ("a.txt", "b.txt"):
            (pair / name).write_text("sleep 2\n")
        pair.rename(daemon.folders["t"].inbox / "pair")  # one job of two files: two units, side by side on the machine's two engines
        (job,) = daemon.wait_jobs_ended(1, timeout=60)
        assert job["status"] == "completed" and job["num_workers"] == 2
        engines = {p.pid for p in psutil.Process(machine.process.pid).children(recursive=True)}
        assert daemon.stop(signal.SIGTERM) == 0
        with sqlite3.connect(f"file:{tmp_path / 'state' / 'ledger.db'}?mode=ro", uri=True) as ledger:
            pids = {pid for (pid,) in ledger.execute("SELECT worker_pid FROM attempts")}
        assert len(pids) == 2 and pids <= engines, (pids, engines)  # the engine processes on the worker machine, not 0
    finally:
        cluster.stop_all()


def test_an_engines_progress_on_a_worker_machine_reaches_the_ledger_and_the_api(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfprogress", workers=[])
    daemon = _daemon(cluster, tmp_path)
    try:  # the machine runs `coref` with the engine that counts utterances one by one
        cluster.start_worker("g1", serve=["coref"], engines={"coref": "tests.pool.reportengine:COMMAND"})
        daemon.start()
        (daemon.folders["t"].inbox / "long.txt").write_text("10 0.5\n")
        job = wait_for(lambda: next((j for j in daemon.jobs() if j["status"] == "running"), None), timeout=30, what="the job running")
        assert job is not None

        def counted() -> tuple[int, int]:
            """(current, total) of the file while it counts, (0, 0) until the first report."""
            (entry,) = daemon.get(f"/jobs/{job['job_id']}")["file_statuses"]
            return int(entry.get("progress_current") or 0), int(entry.get("progress_total") or 0)

        def beyond(floor: int) -> tuple[int, int] | None:
            now = counted()
            return now if now[0] > floor else None

        first = wait_for(lambda: beyond(0), timeout=10, what="progress of the file while it runs remotely")
        assert first is not None and first[1] == 10 and first[0] < 10
        later = wait_for(lambda: beyond(first[0]), timeout=10, what="the progress moving on")
        assert later is not None and first[0] < later[0] <= 10
        (ended,) = daemon.wait_jobs_ended(1, timeout=60)
        assert ended["status"] == "completed"
        assert next(daemon.folders["t"].outbox.rglob("long.txt")).read_text() == "counted\n"
        assert daemon.stop(signal.SIGTERM) == 0
    finally:
        cluster.stop_all()
