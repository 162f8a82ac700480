"""Benchmark the worker pool: memory gate on versus off, the cost of a crash, hang detection, heartbeat overhead.

    .venv/bin/python bench/pool.py [--files 40] [--max-workers 4] [--crashes 5] [--small-units 1000]
    .venv/bin/python bench/pool.py --only hang     # just the hang detection and heartbeat overhead

Runs the real LocalPool with spawned workers and the test engine (tests/support/testengine.py)
registered under two command names, so two kinds of worker share the pool. Short files sleep
0.05 s holding 50 MB; long files sleep 1 s holding 400 MB. The gated run sets the reserve so
that only about 1.2 GB above it is free: fewer workers fit, the gate defers the rest.

Hang detection uses the streaming test engine (tests/pool/streamengine.py): a 32-file unit whose
16th file hangs, once holding the GIL in a C call (caught by the missing heartbeat, default
heartbeat_timeout_s) and once sleeping (the heartbeat goes on; caught by the file's deadline).
Before heartbeats a hang was caught after file_timeout_s x files (the unit's deadline).
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
from hotfolder.config.models import PoolSettings  # noqa: E402
from hotfolder.pool.gate import HostMemory, MemoryGate  # noqa: E402
from hotfolder.pool.local import LocalPool  # noqa: E402
from hotfolder.pool.units import UnitDeferred, UnitFailed, UnitFinished, UnitStarted, WorkerKey, WorkUnit  # noqa: E402

ENTRIES = {
    "short_cmd": "tests.support.testengine:COMMAND",
    "long_cmd": "tests.support.testengine:COMMAND",
    "stream": "tests.pool.streamengine:COMMAND",
}
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


def _wait(pool: LocalPool, unit_id: str, kind: type, deadline_s: float = 7200) -> float:
    end = time.perf_counter() + deadline_s
    while time.perf_counter() < end:
        if any(isinstance(e, kind) and e.unit_id == unit_id for e in pool.poll(0.05)):
            return time.perf_counter()
    raise TimeoutError(f"no {kind.__name__} for {unit_id}")


def hang_to_retry(folder: Path, verb: str, *, files: int, heartbeat_timeout_s: float, file_timeout_s: float) -> tuple[float, float]:
    """Seconds from the hang (its file started) to the worker killed, and to the file retried in a fresh worker."""
    pool = LocalPool(Registry(ENTRIES), max_workers=1, worker_idle_s=600, heartbeat_timeout_s=heartbeat_timeout_s)
    try:
        warm = folder / "warm.txt"
        warm.write_text("sleep 0\n")
        key = WorkerKey("stream", "eng")
        first = WorkUnit(uuid.uuid4().hex, key, (FileTask(warm.name, warm, "eng"),), (0,), file_timeout_s)
        pool.submit(first)
        _wait(pool, first.id, UnitFinished)  # the worker is loaded: what follows times the hang alone
        tasks = []
        for i in range(files):
            path = folder / f"{verb}{i:02d}.txt"
            path.write_text(f"{verb}\n" if i == files // 2 else "sleep 0\n")
            tasks.append(FileTask(path.name, path, "eng"))
        unit = WorkUnit(uuid.uuid4().hex, key, tuple(tasks), tuple(range(files)), file_timeout_s)
        pool.submit(unit)
        hang_started = _wait(pool, unit.id, UnitStarted)  # the files before the hanging one take no time
        killed = _wait(pool, unit.id, UnitFailed)
        hung = tasks[files // 2]
        hung.input_path.write_text("sleep 0\n")  # the retry succeeds
        retry = WorkUnit(uuid.uuid4().hex, key, (hung,), (files // 2,), file_timeout_s)
        pool.submit(retry)
        retried = _wait(pool, retry.id, UnitStarted)
        return killed - hang_started, retried - hang_started
    finally:
        pool.shutdown(grace_s=0)


def small_units_rate(folder: Path, count: int, *, heartbeat_s: float, max_units: int = 0) -> float:
    """Units per second through one warm worker: `count` one-file units that do nothing."""
    timeout = max(30.0, 2 * heartbeat_s)
    pool = LocalPool(Registry(ENTRIES), max_workers=1, worker_idle_s=600, heartbeat_s=heartbeat_s, heartbeat_timeout_s=timeout, worker_max_units=max_units)
    try:
        path = folder / "small.txt"
        path.write_text("sleep 0\n")
        key = WorkerKey("short_cmd", "eng")
        warm = WorkUnit(uuid.uuid4().hex, key, (FileTask(path.name, path, "eng"),), (0,), 60)
        pool.submit(warm)
        _wait(pool, warm.id, UnitFinished)
        units = [WorkUnit(uuid.uuid4().hex, key, (FileTask(path.name, path, "eng"),), (i,), 60) for i in range(count)]
        start = time.perf_counter()
        for unit in units:
            pool.submit(unit)
        done = 0
        while done < count:
            done += sum(isinstance(e, UnitFinished) for e in pool.poll(0.05))
        return count / (time.perf_counter() - start)
    finally:
        pool.shutdown(grace_s=0)


def hang_report(folder: Path, small_units: int) -> None:
    defaults = PoolSettings()
    files = 32
    print(f"hang in file 17 of a {files}-file unit -> worker killed / file retried in a fresh worker (backoff not included):")
    print(f"  old, any hang: the unit's deadline, file_timeout_s x files = {defaults.file_timeout_s:g} x {files} = "
          f"{defaults.file_timeout_s * files:.0f} s ({defaults.file_timeout_s * files / 3600:.0f} h)")
    killed, retried = hang_to_retry(
        folder, "gil_hang", files=files, heartbeat_timeout_s=defaults.heartbeat_timeout_s, file_timeout_s=defaults.file_timeout_s
    )
    print(f"  new, hang holding the GIL (no heartbeat, heartbeat_timeout_s {defaults.heartbeat_timeout_s:g}):"
          f" killed after {killed:.1f} s, retried after {retried:.1f} s"
          f"  ({defaults.file_timeout_s * files / retried:.0f}x sooner)")
    short_timeout = 5.0
    killed, retried = hang_to_retry(folder, "hang", files=files, heartbeat_timeout_s=defaults.heartbeat_timeout_s, file_timeout_s=short_timeout)
    print(f"  new, hang in a sleep (heartbeat alive) with file_timeout_s {short_timeout:g}: killed after {killed:.1f} s, retried after {retried:.1f} s"
          f"  (old: {short_timeout:g} x {files} = {short_timeout * files:.0f} s)")
    configs = {
        "heartbeat_s 3600 (very long)": (3600.0, 0),
        f"heartbeat_s {defaults.heartbeat_s:g} (default)": (defaults.heartbeat_s, 0),
        "heartbeat_s 0.05": (0.05, 0),
        f"default + worker_max_units {defaults.worker_max_units}": (defaults.heartbeat_s, defaults.worker_max_units),
    }
    rates: dict[str, list[float]] = {label: [] for label in configs}
    for _ in range(3):  # interleaved: the machine is shared and noisy
        for label, (interval, max_units) in configs.items():
            rates[label].append(small_units_rate(folder, small_units, heartbeat_s=interval, max_units=max_units))
    base = max(rates["heartbeat_s 3600 (very long)"])
    print(f"heartbeat overhead, {small_units} one-file units through one warm worker (best of 3, interleaved):")
    for label, measured in rates.items():
        print(f"  {label:36s} {max(measured):7.0f} units/s  ratio to very long: {max(measured) / base:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=40)
    parser.add_argument("--max-workers", type=int, default=4)
    parser.add_argument("--crashes", type=int, default=5)
    parser.add_argument("--small-units", type=int, default=1000)
    parser.add_argument("--only", choices=["hang"], default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hang_report(folder, args.small_units)
        if args.only == "hang":
            return
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
