"""Benchmark scale-out on Temporal against the local pool, side by side in one run.

    .venv/bin/python bench/temporal.py [--files 1000] [--small-units 200] [--rounds 2]

1. The same morphotag drop (`--files` CHECK-clean English CHAT files built from the corpus, as
   bench/throughput.py builds them; the command's 32-file units) through LocalPool(max_workers=2)
   and through TemporalExecutor with two local `hotfolder worker` processes (one engine each), a
   SQLite dev server on this machine, interleaved `--rounds` times: round 1 cold (engine loads
   inside the wall time), later rounds warm; the last round is the one compared with the aim.
   The CPU seconds of every process on each side (engines, worker machines, dev server, this lab
   side) say what Temporal costs whatever else the shared machine runs meanwhile.
2. Per-unit overhead: `--small-units` one-file units of the instant test engine through both;
   (Temporal wall - local wall) / units, and the lab side's CPU seconds per unit (staging, start,
   result, fencing: what the lab server pays per unit however many machines there are).
3. Projection: machines one lab server can feed = (units/s the lab side sustains) x (seconds an
   engine spends on a morphotag unit) / (engines per machine).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from throughput import build_files  # noqa: E402

from hotfolder.commands.base import FileResult, FileTask  # noqa: E402
from hotfolder.commands.registry import BUILTIN, Registry  # noqa: E402
from hotfolder.config.temporal import TemporalSettings  # noqa: E402
from hotfolder.pool.executor import Executor  # noqa: E402
from hotfolder.pool.local import LocalPool  # noqa: E402
from hotfolder.pool.temporal.devserver import DevServer  # noqa: E402
from hotfolder.pool.temporal.executor import TemporalExecutor  # noqa: E402
from hotfolder.pool.temporal.hosts import read_reports  # noqa: E402
from hotfolder.pool.units import UnitFinished, UnitProgressed, UnitStarted, WorkerKey, WorkUnit  # noqa: E402

ENGINES = {**BUILTIN, "test": "tests.support.testengine:COMMAND"}
AIM_RATIO = 1.2


def units_of(paths: list[Path], key: WorkerKey, batch: int) -> list[WorkUnit]:
    units = []
    for first in range(0, len(paths), batch):
        chunk = paths[first : first + batch]
        tasks = tuple(FileTask(p.name, p, "eng") for p in chunk)
        units.append(WorkUnit(uuid.uuid4().hex, key, tasks, tuple(range(first, first + len(chunk))), 600.0))
    return units


def drive(executor: Executor, units: list[WorkUnit]) -> tuple[float, float]:
    """Wall and this process's CPU seconds from the first submit until every unit finished (each must succeed)."""
    cpu, started = time.process_time(), time.perf_counter()
    for unit in units:
        executor.submit(unit)
    left = {u.id for u in units}
    while left:
        for event in executor.poll(0.5):
            if isinstance(event, (UnitStarted, UnitProgressed)) or event.unit_id not in left:
                continue
            if not isinstance(event, UnitFinished) or not all(isinstance(o, FileResult) for o in event.outcomes):
                raise RuntimeError(f"unit {event.unit_id} did not succeed: {event}")
            left.discard(event.unit_id)
        if time.perf_counter() - started > 1800:
            raise RuntimeError(f"{len(left)} units still running after 30 minutes")
    return time.perf_counter() - started, time.process_time() - cpu


Groups = dict[str, list[int]]  # a name -> its processes; "+" ending a name: their descendants too


def group_cpu(groups: Groups) -> dict[tuple[str, int], float]:
    """User + system CPU seconds of every live process of each group, by (group, pid)."""
    seen: dict[tuple[str, int], float] = {}
    for name, roots in groups.items():
        for root in roots:
            try:
                family = [psutil.Process(root), *(psutil.Process(root).children(recursive=True) if name.endswith("+") else [])]
            except psutil.NoSuchProcess:
                continue
            for proc in family:
                try:
                    times = proc.cpu_times()
                except psutil.NoSuchProcess:
                    continue
                seen[(name.rstrip("+"), proc.pid)] = times.user + times.system
    return seen


def measured(executor: Executor, units: list[WorkUnit], groups: Callable[[], Groups]) -> tuple[float, dict[str, float]]:
    """Wall seconds of a drop, and the CPU seconds each group of processes spent on it (a process started meanwhile counts whole)."""
    before = group_cpu(groups())
    wall, _ = drive(executor, units)
    after = group_cpu(groups())
    spent: dict[str, float] = {}
    for (name, pid), cpu in after.items():
        spent[name] = spent.get(name, 0.0) + cpu - before.get((name, pid), 0.0)
    return wall, spent


def start_workers(base: Path, address: str, shared: Path, count: int, prefetch: int) -> list[subprocess.Popen[bytes]]:
    workers = []
    for n in range(count):
        config = {"temporal": {"address": address, "task_queue_prefix": "bench", "shared_staging": str(shared)},
                  "serve": [{"command": "morphotag", "lang": "eng"}, {"command": "test", "lang": "eng"}], "max_workers": 1,
                  "memory_reserve_mb": 0, "heartbeat_s": 1.0, "prefetch_units": prefetch, "identity": f"bench-w{n}", "engines": ENGINES}
        path = base / f"w{n}.yaml"
        path.write_text(yaml.safe_dump(config))
        log = open(base / f"w{n}.log", "ab")  # noqa: SIM115 - the worker writes it until killed
        workers.append(subprocess.Popen([sys.executable, "-m", "hotfolder.cli", "worker", "--config", str(path)], cwd=ROOT,
                                        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
    deadline = time.monotonic() + 60
    while len(read_reports(shared)) < count:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            raise RuntimeError(f"workers did not start; see {base}/w*.log")
        time.sleep(0.1)
    return workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--small-units", type=int, default=200)
    parser.add_argument("--prefetch", type=int, default=1, help="units each worker machine takes beyond its engines")
    parser.add_argument("--rounds", type=int, default=2, help="drops through each, interleaved; the last is the measured one")
    args = parser.parse_args()
    registry = Registry(ENGINES)
    morphotag = registry.get("morphotag")
    with tempfile.TemporaryDirectory(prefix="hf-bench-temporal-") as tmp:
        base = Path(tmp)
        files_dir, tiny_dir = base / "files", base / "tiny"
        files_dir.mkdir()
        tiny_dir.mkdir()
        files, _, _ = build_files(args.files)
        for name, text in files:
            (files_dir / name).write_text(text)
        for i in range(args.small_units):
            (tiny_dir / f"t{i:05d}.txt").write_text("sleep 0\n")
        drop = sorted(files_dir.iterdir())
        mkey, tkey = WorkerKey("morphotag", "eng"), WorkerKey("test", "eng")
        print(f"{len(drop)} morphotag files in {(len(drop) + morphotag.batch_size - 1) // morphotag.batch_size} units of {morphotag.batch_size}; "
              f"{args.small_units} one-file units of the instant test engine; {os.cpu_count()} CPUs")

        server = DevServer(base / "temporal.db")
        server.start()
        shared = base / "shared"
        workers = start_workers(base, server.address, shared, 2, args.prefetch)
        settings = TemporalSettings(address=server.address, task_queue_prefix="bench", shared_staging=shared)
        executor = TemporalExecutor(settings, node_id="bench", memory_mb=lambda name: float(registry.get(name).memory_mb))
        local = LocalPool(registry, max_workers=2, worker_idle_s=600, heartbeat_s=1.0)
        walls: list[tuple[float, float]] = []
        cpus: list[tuple[dict[str, float], dict[str, float]]] = []
        assert server.process is not None

        def local_groups() -> Groups:  # the lab side alone: this process's children include the worker machines
            return {"engines": [w.process.pid for w in local.workers if w.process.pid], "lab side": [os.getpid()]}

        def temporal_groups() -> Groups:
            assert server.process is not None
            engines = [c.pid for w in workers for c in psutil.Process(w.pid).children(recursive=True)]
            return {"engines": engines, "worker machines": [w.pid for w in workers], "dev server+": [server.process.pid], "lab side": [os.getpid()]}

        try:
            for _ in range(args.rounds):  # interleaved, so a busy spell on the machine hits both; round 1 cold, then warm
                local_wall, local_cpu = measured(local, units_of(drop, mkey, morphotag.batch_size), local_groups)
                temporal_wall, temporal_cpu = measured(executor, units_of(drop, mkey, morphotag.batch_size), temporal_groups)
                walls.append((local_wall, temporal_wall))
                cpus.append((local_cpu, temporal_cpu))
            tiny = sorted(tiny_dir.iterdir())
            drive(local, units_of(tiny[:4], tkey, 1))  # the test engine loaded before timing it
            drive(executor, units_of(tiny[:4], tkey, 1))
            local_small, local_small_cpu = drive(local, units_of(tiny, tkey, 1))
            temporal_small, temporal_small_cpu = drive(executor, units_of(tiny, tkey, 1))
        finally:
            local.shutdown(grace_s=0)
            executor.shutdown(grace_s=0)
            for worker in workers:
                os.killpg(worker.pid, signal.SIGTERM)
            for worker in workers:
                worker.wait(timeout=60)
            server.stop()

    n_units = (len(drop) + morphotag.batch_size - 1) // morphotag.batch_size
    local_wall, temporal_wall = walls[-1]
    ratio = temporal_wall / local_wall
    overhead = (temporal_small - local_small) / args.small_units
    lab_cpu = temporal_small_cpu / args.small_units
    unit_s = local_wall * 2 / n_units  # engine-seconds per morphotag unit (two warm engines ran the local drop)
    feed_cap = min(1.0 / lab_cpu, args.small_units / temporal_small)  # the lab side's CPU, or what was sustained here
    print(f"\n{'':28}{'LocalPool':>12}{'Temporal':>12}{'ratio':>8}")
    for n, (lw, tw) in enumerate(walls[:-1], 1):
        print(f"{'morphotag drop, round ' + str(n) + ' (s)':28}{lw:12.1f}{tw:12.1f}{tw / lw:8.2f}" + ("  (engines loading)" if n == 1 else ""))
    verdict = "met" if ratio <= AIM_RATIO else "MISSED"
    print(f"{'morphotag drop, round ' + str(len(walls)) + ' (s)':28}{local_wall:12.1f}{temporal_wall:12.1f}{ratio:8.2f}  aim <= {AIM_RATIO}: {verdict}")
    local_cpu, temporal_cpu = cpus[-1]
    local_total, temporal_total = sum(local_cpu.values()), sum(temporal_cpu.values())
    print(f"{'CPU, every process (s)':28}{local_total:12.1f}{temporal_total:12.1f}{temporal_total / local_total:8.2f}  (last round; load-independent)")
    for name in ("engines", "worker machines", "dev server", "lab side"):
        print(f"{'  ' + name:28}{local_cpu.get(name, 0.0):12.2f}{temporal_cpu.get(name, 0.0):12.2f}")
    extra = temporal_total - local_total
    print(f"Temporal adds {extra:.1f} CPU-seconds to a drop ({extra / n_units * 1000:.0f} ms a unit): on {os.cpu_count()} otherwise idle cores "
          f"its wall ratio is about {temporal_total / local_total:.2f} at best")
    print(f"{'one-file units wall (s)':28}{local_small:12.2f}{temporal_small:12.2f}{temporal_small / local_small:8.2f}")
    print(f"{'lab CPU per unit (ms)':28}{local_small_cpu / args.small_units * 1000:12.2f}{lab_cpu * 1000:12.2f}")
    print(f"per-unit overhead of Temporal: {overhead * 1000:.1f} ms wall; the lab side spends {lab_cpu * 1000:.1f} ms CPU per unit")
    print(f"projection: a morphotag unit takes {unit_s:.1f} engine-seconds; the lab side feeds at most {feed_cap:.0f} units/s here "
          f"-> ~{feed_cap * unit_s / 2:.0f} machines of 2 engines ({feed_cap * unit_s:.0f} engines) before the ledger side is the bottleneck")


if __name__ == "__main__":
    main()
