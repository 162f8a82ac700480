"""A worker machine's memory gate: while its host is at the reserve it takes no work; the work waits in Temporal, not lost."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from hotfolder.pool.temporal.hosts import read_reports
from hotfolder.pool.units import UnitFinished, UnitStarted
from tests.temporal.cluster import Cluster
from tests.temporal.helpers import collect, unit_of


def test_a_gated_machine_leaves_the_work_for_another(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfgate", workers=[])  # own queues: the session's machines do not serve them
    executor = cluster.executor()
    try:
        cluster.start_worker("gated", memory_reserve_mb=10**8, serve=["test"])  # a reserve no host has: the gate never admits
        units = [unit_of(tmp_path, f"sleep 0\nfile {i}\n") for i in range(3)]
        for unit in units:
            executor.submit(unit)
        end = time.monotonic() + 3
        while time.monotonic() < end:
            assert all(isinstance(e, UnitStarted) for e in executor.poll(0.2)), "a gated machine ran a unit"
        gated = next(r for r in read_reports(cluster.shared) if r.identity == "gated")
        assert gated.busy_units == 0 and gated.units_done == 0 and gated.deferrals > 0
        cluster.start_worker("roomy", serve=["test"])
        events = collect(executor, {u.id for u in units}, deadline_s=30)
        assert all(isinstance(events[u.id][-1], UnitFinished) for u in units)
        reports = {r.identity: r for r in read_reports(cluster.shared)}
        deadline = time.monotonic() + 5
        while reports["roomy"].units_done < 3:  # its report is written every heartbeat
            assert time.monotonic() < deadline, reports["roomy"]
            time.sleep(0.1)
            reports = {r.identity: r for r in read_reports(cluster.shared)}
        assert reports["gated"].units_done == 0
    finally:
        executor.shutdown(grace_s=0)
        cluster.stop_all()
