"""The memory gate with real processes and the host's real memory."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from hotfolder.commands.base import FileTask
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory
from hotfolder.pool.gate import HostMemory, MemoryGate
from hotfolder.pool.local import LocalPool
from hotfolder.pool.units import UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit
from tests.support.testengine import REGISTRY_ENTRIES

KEY = WorkerKey("test", "eng")


def unit_for(tmp_path: Path, text: str) -> WorkUnit:
    path = tmp_path / f"{uuid.uuid4().hex}.txt"
    path.write_text(text)
    return WorkUnit(uuid.uuid4().hex, KEY, (FileTask(path.name, path, "eng"),), (1,), 120)


def test_pool_defers_instead_of_overcommitting(tmp_path: Path) -> None:
    host = HostMemory()
    # The reserve sits just under what is free: a 256 MB worker budget cannot fit.
    gate = MemoryGate(host.available_mb() - 100, lambda name: 100, probe=host)
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=2, gate=gate)
    try:
        unit = unit_for(tmp_path, "sleep 0\n")
        pool.submit(unit)
        events = []
        for _ in range(5):
            events += pool.poll(0.1)
        assert [e for e in events if isinstance(e, UnitDeferred)] == [UnitDeferred(unit.id, "a test worker needs 256 MB beyond the reserve")]
        assert pool.workers == []  # nothing started, nothing overcommitted
        gate.reserve_mb = 0  # memory freed (here: the operator lowered the reserve)
        end = time.monotonic() + 60
        while not any(isinstance(e, UnitFinished) for e in events):
            assert time.monotonic() < end
            events += pool.poll(0.2)
        assert any(isinstance(e, UnitStarted) for e in events)
    finally:
        pool.shutdown(grace_s=0)


def test_persistent_critical_pressure_stops_the_newest_worker(tmp_path: Path) -> None:
    host = HostMemory()
    gate = MemoryGate(0, lambda name: 100, probe=host, critical_grace_s=0.5)
    pool = LocalPool(Registry(REGISTRY_ENTRIES), max_workers=1, gate=gate)
    try:
        unit = unit_for(tmp_path, "alloc 2500\nsleep 60\n")
        pool.submit(unit)
        end = time.monotonic() + 60
        started = False
        while not started:
            assert time.monotonic() < end
            started = any(isinstance(e, UnitStarted) for e in pool.poll(0.2))
        # Wait until the file holds its memory, then put the reserve above what is left free.
        worker_pid = pool.workers[0].process.pid or 0
        while host.rss_mb(worker_pid) < 2400:
            assert time.monotonic() < end
            time.sleep(0.1)
        gate.reserve_mb = host.available_mb() + 1000
        events: list[object] = []
        while not any(isinstance(e, UnitFailed) for e in events):
            assert time.monotonic() < end, events
            events += pool.poll(0.2)
        failed = next(e for e in events if isinstance(e, UnitFailed))
        assert failed.category == FailureCategory.MEMORY_PRESSURE
        assert pool.workers == []
    finally:
        pool.shutdown(grace_s=0)


def test_host_memory_keeps_the_last_reading_when_out_of_file_descriptors() -> None:
    import errno
    import os

    import psutil

    readings = iter([psutil.virtual_memory(), psutil.virtual_memory()])

    def read() -> object:
        for reading in readings:
            return reading
        raise OSError(errno.EMFILE, os.strerror(errno.EMFILE), "/proc/meminfo")

    host = HostMemory(read)
    first = host.available_mb()
    assert first > 0
    assert host.available_mb() == first and host.total_mb() > first  # EMFILE from now on: the last reading
    gate = MemoryGate(0, lambda name: 100, probe=host)
    assert gate.may_start_file([]) and not gate.should_shed(0.0)
