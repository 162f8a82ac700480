"""Benchmark the worker pool: a mixed job set with the memory gate on versus off, and the cost of a crash.

    .venv/bin/python bench/pool.py [--files 40] [--max-workers 4]

Runs the real LocalPool with spawned workers and the test engine (tests/support/testengine.py)
registered under two command names, so two kinds of worker share the pool. Short files sleep
0.05 s holding 50 MB; long files sleep 1 s holding 400 MB. The gated run sets the reserve so
that only about 1.2 GB above it is free: fewer workers fit, the gate defers the rest.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hotfolder.commands.base import FileTask  # noqa: E402
from hotfolder.commands.registry import Registry  # noqa: E402
from hotfolder.pool.gate import HostMemory, MemoryGate  # noqa: E402
from hotfolder.pool.local import LocalPool  # noqa: E402
from hotfolder.pool.units import UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit  # noqa: E402

ENTRIES = {"short_cmd": "tests.support.testengine:COMMAND", "long_cmd": "tests.support.testengine:COMMAND"}
MB = 1024 * 1024


class PeakMemory:
    """Samples host memory in use every 50 ms in a thread; reports the peak above the start."""

    def __init__(self) -> None:
        self.base = psutil.virtual_memory().used
        self.peak = self.base
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, psutil.virtual_memory().used)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_above_start_mb(self) -> float:
        return (self.peak - self.base) / MB


def make_units(folder: Path, count: int) -> list[WorkUnit]:
    units = []
    for i in range(count):
        long = i % 4 == 0
        path = folder / f"{i:04d}.txt"
        path.write_text("alloc 400\nsleep 1\n" if long else "alloc 50\nsleep 0.05\n")
        key = WorkerKey("long_cmd" if long else "short_cmd", "eng")
        units.append(WorkUnit(uuid.uuid4().hex, key, (FileTask(path.name, path, "eng"),), (i,), 120))
    return units


def run_set(units: list[WorkUnit], *, max_workers: int, gate: MemoryGate | None) -> tuple[float, float, int]:
    pool = LocalPool(Registry(ENTRIES), max_workers=max_workers, worker_idle_s=60, gate=gate)
    done = deferred = 0
    start = time.perf_counter()
    with PeakMemory() as memory:
        for unit in units:
            pool.submit(unit)
        while done < len(units):
            for event in pool.poll(0.2):
                done += isinstance(event, UnitFinished | UnitFailed)
                deferred += isinstance(event, UnitDeferred)
        elapsed = time.perf_counter() - start
    pool.shutdown(grace_s=0)
    return elapsed, memory.peak_above_start_mb, deferred


def crash_cost(folder: Path, repeats: int) -> list[float]:
    """Seconds from a worker's death being noticed to the retried file running in a fresh worker."""
    pool = LocalPool(Registry(ENTRIES), max_workers=1, worker_idle_s=60)
    costs = []
    try:
        for i in range(repeats):
            bomb = folder / f"bomb{i}.txt"
            bomb.write_text("crash SIGKILL\n")
            unit = WorkUnit(uuid.uuid4().hex, WorkerKey("short_cmd", "eng"), (FileTask(bomb.name, bomb, "eng"),), (i,), 60)
            pool.submit(unit)
            while not any(isinstance(e, UnitFailed) for e in pool.poll(0.2)):
                pass
            noticed = time.perf_counter()
            bomb.write_text("sleep 0\n")  # the retry succeeds
            pool.submit(WorkUnit(uuid.uuid4().hex, unit.key, unit.tasks, unit.file_ids, 60))
            while not any(isinstance(e, UnitStarted) for e in pool.poll(0.05)):
                pass
            costs.append(time.perf_counter() - noticed)
            while not any(isinstance(e, UnitFinished) for e in pool.poll(0.2)):
                pass
    finally:
        pool.shutdown(grace_s=0)
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--max-workers", type=int, default=4)
    parser.add_argument("--crashes", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        host = HostMemory()
        ungated_s, ungated_peak, _ = run_set(make_units(folder, args.files), max_workers=args.max_workers, gate=None)
        gate = MemoryGate(host.available_mb() - 1200, lambda name: 100, probe=host)
        gate.learn("long_cmd", 450)  # as the ledger would know after a first run: budget 562 MB
        gate.learn("short_cmd", 80)  # budget 256 MB (the floor)
        gated_s, gated_peak, deferrals = run_set(make_units(folder, args.files), max_workers=args.max_workers, gate=gate)
        costs = crash_cost(folder, args.crashes)
    print(f"files: {args.files} (1 in 4 long: 1 s, 400 MB; others 0.05 s, 50 MB), max_workers {args.max_workers}, 2 commands")
    print(f"ungated: {ungated_s:6.2f} s  {args.files / ungated_s:5.2f} files/s  peak host memory above start {ungated_peak:7.0f} MB")
    print(f"gated:   {gated_s:6.2f} s  {args.files / gated_s:5.2f} files/s  peak host memory above start {gated_peak:7.0f} MB  deferrals {deferrals}")
    print(f"throughput gated/ungated: {ungated_s / gated_s:.2f}")
    print(f"crash -> retried file running: mean {sum(costs) / len(costs):.2f} s, max {max(costs):.2f} s over {len(costs)} crashes")


if __name__ == "__main__":
    main()
