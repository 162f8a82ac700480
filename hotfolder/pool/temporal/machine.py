"""`hotfolder worker --config FILE`: the process a worker machine runs.

It polls one task queue per (command, language, memory class) it serves, runs each unit in its
own local pool (the lab server's worker code: engines loaded once, heartbeats, deadlines, the
memory gate of this machine), runs the units' workflow tasks, and reports itself under
`shared_staging/.hosts/` for the lab server's /health. SIGTERM: stop polling, let running units
finish for `GRACE_S`, exit 0.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import time
from datetime import timedelta

import psutil
from temporalio.client import Client
from temporalio.worker import FixedSizeSlotSupplier, UnsandboxedWorkflowRunner, Worker, WorkerTuner

from hotfolder.commands.registry import BUILTIN, Registry
from hotfolder.config.temporal import WorkerSettings
from hotfolder.errors import HotfolderError
from hotfolder.pool.budgets import base_budgets
from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.local import LocalPool
from hotfolder.pool.temporal.activities import UnitActivity
from hotfolder.pool.temporal.hostpool import HostPool
from hotfolder.pool.temporal.hosts import HostReport, write_report
from hotfolder.pool.temporal.queues import classes_within, control_queue, memory_class, task_queue
from hotfolder.pool.temporal.slots import GateSlots, admits
from hotfolder.pool.temporal.workflow import UnitWorkflow

log = logging.getLogger("hotfolder.worker")
GRACE_S = 30.0
MB = 1024 * 1024


class NothingToServe(HotfolderError):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("this machine serves no task queue:\n  " + "\n  ".join(reasons))


def plan_queues(settings: WorkerSettings, registry: Registry, total_mb: float) -> tuple[list[str], list[str]]:
    """The task queues this machine polls, and why any configured entry is left out (pure but for the registry)."""
    prefix = settings.temporal.task_queue_prefix
    allowed = classes_within(total_mb)
    queues, skipped = [], []
    for entry in settings.serve:
        try:
            command = registry.get(entry.command)
        except KeyError as error:
            skipped.append(str(error).strip("'\""))
            continue
        klass = memory_class(command.memory_mb)
        if klass not in allowed:
            skipped.append(f"{entry.command}: needs memory class {klass!r}; this machine ({total_mb:.0f} MB) takes {', '.join(allowed)}")
            continue
        queues.append(task_queue(prefix, entry.command, entry.lang, klass))
    return sorted(set(queues)), skipped


async def connect(address: str, namespace: str, patience_s: float = 3600.0) -> Client:
    """Connect, waiting for a control plane that is still starting (as systemd may start us first)."""
    deadline, delay = time.monotonic() + patience_s, 0.5
    while True:
        try:
            return await Client.connect(address, namespace=namespace)
        except RuntimeError as error:  # the SDK raises RuntimeError when the frontend cannot be reached
            if time.monotonic() > deadline:
                raise
            log.warning("Temporal at %s not reachable (%s); retrying in %.0f s", address, error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10.0)


async def serve(settings: WorkerSettings, stop: asyncio.Event) -> None:
    registry = Registry(settings.engines if settings.engines is not None else BUILTIN)
    total_mb = settings.memory_total_mb or psutil.virtual_memory().total / MB
    queues, skipped = plan_queues(settings, registry, total_mb)
    for reason in skipped:
        log.error("not serving %s", reason)
    if not queues:
        raise NothingToServe(skipped)
    identity = settings.identity or f"{socket.gethostname()}-{os.getpid()}"
    root = settings.temporal.shared_staging
    root.mkdir(parents=True, exist_ok=True)
    gate = MemoryGate(settings.memory_reserve_mb, base_budgets(registry))
    pool = LocalPool(registry, max_workers=settings.max_workers, worker_idle_s=settings.worker_idle_s, gate=gate,
                     heartbeat_s=settings.heartbeat_s, heartbeat_timeout_s=max(30.0, 4 * settings.heartbeat_s))
    loop = asyncio.get_running_loop()
    host = HostPool(pool, loop)
    host.start()
    activity = UnitActivity(host, root, identity, heartbeat_s=settings.heartbeat_s, defer_handoff_s=settings.defer_handoff_s,
                            room_for=lambda command: admits(0, 1, command, host.snapshot, gate))
    client = await connect(settings.temporal.address, settings.temporal.namespace)
    prefix = settings.temporal.task_queue_prefix
    slots = [GateSlots(settings.max_workers + settings.prefetch_units, gate, host, prefix) for _ in queues]
    fixed = FixedSizeSlotSupplier(8)
    # Unsandboxed: the sandbox re-imports and compiles the workflow module for every unit, a fifth of this
    # process's CPU on short units; UnitWorkflow only calls Temporal's workflow API, which keeps it deterministic.
    workers = [Worker(client, task_queue=control_queue(prefix), workflows=[UnitWorkflow], identity=identity,
                      workflow_runner=UnsandboxedWorkflowRunner())]
    workers += [
        Worker(client, task_queue=queue, activities=[activity.run_unit], identity=identity,
               tuner=WorkerTuner.create_composite(workflow_supplier=fixed, activity_supplier=supplier, local_activity_supplier=fixed,
                                                  nexus_supplier=fixed),
               max_heartbeat_throttle_interval=timedelta(seconds=settings.heartbeat_s),
               default_heartbeat_throttle_interval=timedelta(seconds=settings.heartbeat_s),
               graceful_shutdown_timeout=timedelta(seconds=GRACE_S))
        for queue, supplier in zip(queues, slots)
    ]
    log.info("worker %s polling %s (shared staging %s)", identity, ", ".join(queues), root)
    running = [asyncio.create_task(w.run()) for w in workers]
    report = asyncio.create_task(_report_forever(settings, identity, queues, host, gate, slots))
    await stop.wait()
    log.info("worker %s stopping: running units finish first (at most %.0f s)", identity, GRACE_S)
    # Activities first: while they finish, this machine still runs workflow tasks, so their results are recorded.
    await asyncio.gather(*(w.shutdown() for w in workers[1:]), return_exceptions=True)
    await asyncio.sleep(0.5)  # the workflow task a last result schedules
    await workers[0].shutdown()
    report.cancel()
    await asyncio.gather(*running, report, return_exceptions=True)
    host.shutdown(grace_s=0)


async def _report_forever(settings: WorkerSettings, identity: str, queues: list[str], host: HostPool, gate: MemoryGate,
                          slots: list[GateSlots]) -> None:
    root = settings.temporal.shared_staging
    while True:
        memory = psutil.virtual_memory()
        snapshot = host.snapshot
        report = HostReport(identity, socket.gethostname(), os.getpid(), queues, settings.max_workers, int(memory.total / MB),
                            int(memory.available / MB), snapshot.busy, time.time(), snapshot.units_done,
                            gate.deferrals + sum(s.refusals for s in slots))
        try:
            await asyncio.to_thread(write_report, root, report)
        except OSError as error:
            log.warning("cannot write this machine's report under %s: %s", root, error)
        await asyncio.sleep(settings.heartbeat_s)


def run_worker(settings: WorkerSettings) -> int:
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await serve(settings, stop)

    asyncio.run(main())
    return 0
