"""A unit a worker machine's memory gate holds past `defer_handoff_s` goes back to Temporal and runs elsewhere, once.

The machine takes the unit while it has room; its engine loads slowly (the test engine's
`load_s`), and meanwhile a real process eats the host's memory past the machine's reserve, so
the loaded engine is never given the file. The machine hands the unit back (MemoryDeferred);
a second machine without a reserve runs it. Through the real daemon: one output, one done attempt.
"""

from __future__ import annotations

import dataclasses
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from hotfolder.pool.temporal.hosts import read_reports
from tests.support.daemon import make_daemon, wait_for
from tests.temporal.cluster import HEARTBEAT_TIMEOUT_S, Cluster

pytestmark = pytest.mark.e2e
MB = 1024 * 1024
MARGIN_MB = 2000  # what the machine may still use when the unit arrives: room for the engine, whatever else runs meanwhile
HOG_MB = 5000  # then taken by another process: the machine is well past its reserve
HOG = f"""
import sys, time
block = bytearray({HOG_MB} * 1024 * 1024)
block[::4096] = b"x" * len(range(0, len(block), 4096))  # touched: resident, not a lazy zero mapping
print("held", flush=True)
time.sleep(600)
"""


def test_a_unit_the_gate_holds_too_long_is_handed_back_and_runs_once_on_another_machine(temporal_cluster: Cluster, tmp_path: Path) -> None:
    available = psutil.virtual_memory().available / MB
    if available < HOG_MB + MARGIN_MB + 2000:
        pytest.fail(f"this test needs {HOG_MB + MARGIN_MB + 2000} MB available to fill past a reserve; the host has {available:.0f}")
    cluster = dataclasses.replace(temporal_cluster, prefix="hfhandoff", workers=[])
    temporal = {"address": cluster.server.address, "task_queue_prefix": cluster.prefix, "shared_staging": str(cluster.shared),
                "heartbeat_timeout_s": HEARTBEAT_TIMEOUT_S}
    daemon = make_daemon(tmp_path, [{"name": "t", "command": "coref", "options": {"load_s": 4}}],
                         extra={"pool": {"executor": "temporal", "temporal": temporal, "warmup": False}})
    hog: subprocess.Popen[str] | None = None
    try:
        tight = cluster.start_worker("tight", max_workers=1, memory_reserve_mb=int(available - MARGIN_MB), serve=["coref"])
        daemon.start()
        (daemon.folders["t"].inbox / "held.txt").write_text("sleep 0\nheld\n")
        wait_for(lambda: "started, attempt" in tight.log.read_text(), timeout=30, what="the tight machine taking the unit")
        hog = subprocess.Popen([sys.executable, "-c", HOG], stdout=subprocess.PIPE, text=True)
        assert hog.stdout is not None and hog.stdout.readline().strip() == "held"
        wait_for(lambda: "memory gate on tight held the unit" in tight.log.read_text(), timeout=30, what="the unit handed back")
        assert not daemon.folders["t"].outbox.exists() or not list(daemon.folders["t"].outbox.rglob("held.txt"))
        cluster.start_worker("roomy", serve=["coref"])
        (job,) = daemon.wait_jobs_ended(1, timeout=60)
        assert job["status"] == "completed"
        outputs = list(daemon.folders["t"].outbox.rglob("*.txt"))
        assert [p.name for p in outputs] == ["held.txt"] and outputs[0].read_text() == "sleep 0\nheld\nok\n"
        reports = {r.identity: r for r in read_reports(cluster.shared)}
        assert reports["tight"].units_done == 0 and reports["tight"].deferrals > 0
        assert daemon.stop(signal.SIGTERM) == 0
        with sqlite3.connect(f"file:{tmp_path / 'state' / 'ledger.db'}?mode=ro", uri=True) as ledger:
            files = ledger.execute("SELECT status FROM files").fetchall()
            attempts = ledger.execute("SELECT outcome FROM attempts WHERE outcome = 'done'").fetchall()
        assert files == [("done",)] and len(attempts) == 1, (files, attempts)
    finally:
        if hog is not None:
            hog.kill()
            hog.wait(timeout=10)
            if hog.stdout is not None:
                hog.stdout.close()
        if daemon.process is not None and daemon.process.poll() is None:
            daemon.kill_group()
        cluster.stop_all()
