"""Faults on a real Temporal dev server with real `hotfolder worker` processes."""

from __future__ import annotations

import dataclasses
import signal
import time
from pathlib import Path

from hotfolder.commands.base import FileResult
from hotfolder.pool.temporal.hosts import read_reports
from hotfolder.pool.units import UnitCancelled, UnitFinished, UnitStarted
from tests.temporal.cluster import HEARTBEAT_TIMEOUT_S, Cluster
from tests.temporal.helpers import collect, unit_of


def _pid(event: object) -> int:
    assert isinstance(event, UnitFinished), event
    result = event.outcomes[0]
    assert isinstance(result, FileResult), result
    return int(result.notes["pid"])


def test_a_worker_machine_killed_mid_unit_runs_it_again_on_another(temporal_cluster: Cluster, tmp_path: Path) -> None:
    executor = temporal_cluster.executor()
    try:
        unit = unit_of(tmp_path, "sleep 3\n")
        executor.submit(unit)
        victim = temporal_cluster.busy_host()
        done_before = {r.identity: r.units_done for r in read_reports(temporal_cluster.shared)}
        started = time.monotonic()
        next(w for w in temporal_cluster.workers if w.identity == victim).kill()
        events = collect(executor, {unit.id})[unit.id]
        assert isinstance(events[-1], UnitFinished), events
        assert _pid(events[-1]) > 0 and events[-1].outcomes[0].outputs[0].data == b"sleep 3\nok\n"  # type: ignore[union-attr]
        assert time.monotonic() - started < HEARTBEAT_TIMEOUT_S + 3 + 10  # lost after the heartbeat timeout, then run again
        assert sum(isinstance(e, UnitFinished) for e in events) == 1
        assert executor.stats().worker_crashes == 0  # a lost machine is Temporal's retry, not a charge on the file
        time.sleep(1.2)  # the survivor's next report
        survivors = [r for r in read_reports(temporal_cluster.shared) if r.identity != victim and r.identity in done_before]
        assert sum(r.units_done - done_before[r.identity] for r in survivors) == 1  # it ran on another machine
    finally:
        executor.shutdown(grace_s=0)
        temporal_cluster.workers = [w for w in temporal_cluster.workers if w.process.poll() is None]
        temporal_cluster.start_worker()  # two machines again for the next tests


def test_control_plane_killed_and_restarted_every_input_one_output(temporal_cluster: Cluster, tmp_path: Path) -> None:
    executor = temporal_cluster.executor()
    try:
        units = [unit_of(tmp_path, f"sleep 0.3\nunit {i}\n") for i in range(20)]
        for unit in units:
            executor.submit(unit)
        ids = {u.id for u in units}
        events = collect(executor, ids, enough=2)  # some done, some running, some queued
        done_before = sum(any(isinstance(e, UnitFinished) for e in events[u]) for u in ids)
        temporal_cluster.server.kill()
        time.sleep(1.5)
        temporal_cluster.server.start()
        events = collect(executor, ids, deadline_s=120, seen=events)  # generous: CI shares its cores with the other tests
        assert done_before < len(units) - 4  # most of the drop ran across the outage
        for unit in units:
            ends = [e for e in events[unit.id] if not isinstance(e, UnitStarted)]
            assert len(ends) == 1 and isinstance(ends[0], UnitFinished), ends
            assert ends[0].outcomes[0].outputs[0].data == unit.tasks[0].input_path.read_bytes() + b"ok\n"  # type: ignore[union-attr]
        assert executor.poll(1.0) == []  # nothing more: no second result of any unit
    finally:
        executor.shutdown(grace_s=0)


def test_cancel_stops_the_remote_engine_within_seconds(temporal_cluster: Cluster, tmp_path: Path) -> None:
    executor = temporal_cluster.executor()
    try:
        unit = unit_of(tmp_path, "sleep 60\n")
        executor.submit(unit)
        host = temporal_cluster.busy_host()
        executor.cancel(unit.id)
        assert UnitCancelled(unit.id) in executor.poll(0)
        cancelled = time.monotonic()
        while True:  # the machine's report shows the engine stopped (its local pool killed the process)
            report = next(r for r in read_reports(temporal_cluster.shared) if r.identity == host)
            if report.busy_units == 0 and report.last_heartbeat > time.time() - 1:
                break
            assert time.monotonic() - cancelled < 5, "the remote engine still runs 5 s after the cancel"
            time.sleep(0.1)
        assert not (temporal_cluster.shared / unit.id).exists()  # its staged files are gone too
    finally:
        executor.shutdown(grace_s=0)


def test_sigterm_lets_the_running_unit_finish_and_exits_0(temporal_cluster: Cluster, tmp_path: Path) -> None:
    cluster = dataclasses.replace(temporal_cluster, prefix="hfterm", workers=[])
    executor = cluster.executor()
    try:
        worker = cluster.start_worker("term", serve=["test"])
        unit = unit_of(tmp_path, "sleep 1.5\n")
        executor.submit(unit)
        cluster.busy_host()
        worker.process.send_signal(signal.SIGTERM)  # the worker only: its engine finishes the file
        events = collect(executor, {unit.id}, deadline_s=30)[unit.id]
        assert isinstance(events[-1], UnitFinished)
        assert worker.process.wait(timeout=40) == 0
    finally:
        executor.shutdown(grace_s=0)
        cluster.stop_all()
