"""Wiring for `hotfolder run`: settings, pool, API thread, systemd notifications."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import psutil

from hotfolder import __version__
from hotfolder.api.app import create_app
from hotfolder.api.limits import lowered_warning, open_file_limit, resolve_limits
from hotfolder.api.server import serve_in_thread
from hotfolder.api.settings import ApiSettings
from hotfolder.commands.registry import Registry
from hotfolder.config import load_settings, resolve_pool
from hotfolder.config.exposure import public_bind_warning
from hotfolder.daemon import pidfile
from hotfolder.daemon.notify import Notifier
from hotfolder.daemon.service import Daemon
from hotfolder.logescape import install as escape_logged_values
from hotfolder.pool.budgets import base_budgets
from hotfolder.pool.executor import Executor
from hotfolder.pool.gate import MemoryGate
from hotfolder.pool.local import LocalPool

log = logging.getLogger("hotfolder")


def run_daemon(config_path: Path, registry: Registry | None = None) -> int:
    escape_logged_values()  # a file name with CR/LF or bidi controls cannot forge or garble a log line
    settings = load_settings(config_path)
    pool = resolve_pool(settings.pool, psutil.virtual_memory().total // (1024 * 1024), os.cpu_count() or 1)
    registry = registry or Registry()
    gate = MemoryGate(pool.memory_reserve_mb, base_budgets(registry))
    executor: Executor
    if settings.pool.executor == "temporal" and settings.pool.temporal is not None:
        from hotfolder.pool.temporal.executor import TemporalExecutor  # only this executor needs temporalio

        executor = TemporalExecutor(settings.pool.temporal, node_id=settings.node_id, memory_mb=lambda name: float(registry.get(name).memory_mb))
    else:
        executor = LocalPool(
            registry, max_workers=pool.max_workers, worker_idle_s=pool.worker_idle_s, gate=gate, heartbeat_s=pool.heartbeat_s,
            heartbeat_timeout_s=pool.heartbeat_timeout_s, worker_max_units=pool.worker_max_units,
        )
    daemon = Daemon(settings, pool, executor, registry=registry, gate=gate)
    nofile = open_file_limit()
    limits = resolve_limits(settings.api, nofile)
    lowered = lowered_warning(settings.api, limits, nofile)
    if lowered is not None:
        log.warning("%s", lowered)
    exposed = public_bind_warning(settings.host, settings.api.token, settings.api.allow_public_without_token)
    if exposed is not None:
        log.warning("%s", exposed)
    app = create_app(
        ApiSettings(
            db_path=settings.state_dir / "ledger.db",
            token=settings.api.token,
            node_id=settings.node_id,
            version=__version__,
            capabilities=lambda: daemon.capabilities,
            live=daemon.live,
            state_dir=settings.state_dir,
            media_roots=tuple(settings.media_roots),
            media_mappings=dict(settings.media_mappings),
            limits=limits,
            bind_host=settings.host,
            allowed_hosts=tuple(settings.api.allowed_hosts),
        )
    )
    notifier = Notifier()
    server = serve_in_thread(app, settings.host, settings.port, limits)
    last_ping = [0.0]

    def ready() -> None:
        server.wait_started(timeout=30)
        log.info("hotfolder %s serving on http://%s:%d with %d hot folder(s)", __version__, settings.host, settings.port, len(settings.hotfolders))
        notifier.send("READY=1", f"STATUS=watching {len(settings.hotfolders)} folder(s)")

    def tick() -> None:
        interval = notifier.watchdog_interval_s
        if interval and time.monotonic() - last_ping[0] >= interval:
            notifier.send("WATCHDOG=1")
            last_ping[0] = time.monotonic()

    pid_path = pidfile.write(settings.state_dir)  # the CLI's cancel/restart wait for us to apply them
    try:
        daemon.run(on_ready=ready, on_tick=tick)
    finally:
        pidfile.remove(pid_path)
        notifier.send("STOPPING=1")
        server.stop()
    return 0
