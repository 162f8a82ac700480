"""`/metrics`: Prometheus text read from the ledger and the daemon's live facts at scrape time.

No counters live in this process: the ledger is the record (it survives restarts and
is written by another process), so a custom collector turns one read transaction and
one `live()` snapshot into metric families on every scrape.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector, CollectorRegistry

from hotfolder.api import queries
from hotfolder.api.db import reading
from hotfolder.api.schemas import HostMemoryPressureLevel, HotfolderStatus, JobStatus
from hotfolder.ledger.states import FileStatus

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
MB = 1024 * 1024
# Outcomes the ledger writes when an attempt ends; each is exported even at zero.
OUTCOMES = ("done", "error", "retry", "cancelled", "interrupted")

_PROCESSING_SQL = """
SELECT jobs.command AS command, count(*) AS n, total(attempts.finished_at - attempts.started_at) AS seconds
FROM attempts JOIN jobs ON jobs.id = attempts.job_id
WHERE attempts.finished_at IS NOT NULL
GROUP BY jobs.command
"""


@dataclass(frozen=True)
class LedgerFacts:
    """What one scrape reads from the ledger."""

    jobs: Mapping[JobStatus, int]
    files: Mapping[str, int]
    attempts: Mapping[str, int]  # finished attempts by outcome
    running: int  # attempts a worker holds now (no outcome yet)
    failures: Mapping[str, int]  # attempts by failure category
    queued: Mapping[str, int]  # queued jobs per hot folder
    processing: Mapping[str, tuple[int, float]]  # command -> (finished attempts, seconds)


def _counts(conn: sqlite3.Connection, sql: str) -> dict[str, int]:
    return {str(row[0]): int(row[1]) for row in conn.execute(sql)}


def read_facts(conn: sqlite3.Connection) -> LedgerFacts:
    """Every count the metrics need, from one read transaction."""
    files = dict.fromkeys((str(status) for status in FileStatus), 0)
    files.update(_counts(conn, "SELECT status, count(*) FROM files GROUP BY status"))
    attempts = dict.fromkeys(OUTCOMES, 0)
    attempts.update(_counts(conn, "SELECT outcome, count(*) FROM attempts WHERE outcome IS NOT NULL GROUP BY 1"))
    running = conn.execute("SELECT count(*) FROM attempts WHERE outcome IS NULL").fetchone()[0]
    failures = _counts(
        conn, "SELECT category, count(*) FROM attempts WHERE category IS NOT NULL GROUP BY category"
    )
    processing = {row["command"]: (row["n"], row["seconds"]) for row in conn.execute(_PROCESSING_SQL)}
    return LedgerFacts(
        jobs=queries.jobs_by_status(conn),
        files=files,
        attempts=attempts,
        running=running,
        failures=failures,
        queued=queries.queued_by_folder(conn),
        processing=processing,
    )


def ledger_families(facts: LedgerFacts) -> Iterator[Metric]:
    """Metric families of the ledger's counts."""
    jobs = GaugeMetricFamily("hotfolder_jobs", "Jobs in the ledger by status.", labels=["status"])
    for job_status, count in facts.jobs.items():
        jobs.add_metric([str(job_status)], count)
    yield jobs
    files = GaugeMetricFamily("hotfolder_files", "Files of all jobs by status.", labels=["status"])
    for status, count in sorted(facts.files.items()):
        files.add_metric([status], count)
    yield files
    attempts = CounterMetricFamily("hotfolder_attempts", "Finished processing attempts by outcome.", labels=["outcome"])
    for outcome, count in sorted(facts.attempts.items()):
        attempts.add_metric([outcome], count)
    yield attempts
    yield GaugeMetricFamily("hotfolder_attempts_running", "Attempts a worker holds now.", value=facts.running)
    yield CounterMetricFamily(
        "hotfolder_retries", "Attempts that ended in a scheduled retry.", value=facts.attempts.get("retry", 0)
    )
    yield CounterMetricFamily(
        "hotfolder_worker_crashes", "Attempts ended by a worker crash.", value=facts.failures.get("worker_crash", 0)
    )
    failures = CounterMetricFamily(
        "hotfolder_attempt_failures", "Attempts that failed, by failure category.", labels=["category"]
    )
    for category, count in sorted(facts.failures.items()):
        failures.add_metric([category], count)
    yield failures
    seconds = SummaryMetricFamily(
        "hotfolder_processing_seconds", "Time of finished attempts (end - start), by command.", labels=["command"]
    )
    for command, (count, total) in sorted(facts.processing.items()):
        seconds.add_metric([command], count_value=count, sum_value=total)
    yield seconds


def folder_families(folders: list[HotfolderStatus], queued: Mapping[str, int]) -> Iterator[Metric]:
    """Per hot folder: queue, backlog, watch mode and the last scan."""
    queue = GaugeMetricFamily("hotfolder_queue_length", "Jobs still queued, per hot folder.", labels=["folder"])
    for name in sorted({*queued, *(folder.name for folder in folders)}):
        queue.add_metric([name], queued.get(name, 0))
    yield queue
    if not folders:
        return
    labels = ["folder"]
    settling = GaugeMetricFamily("hotfolder_files_settling", "Files seen but not yet settled.", labels=labels)
    waiting = GaugeMetricFamily("hotfolder_bundles_waiting", "Bundles seen but not yet taken.", labels=labels)
    errors = GaugeMetricFamily("hotfolder_scan_errors", "Problems the last scan reported.", labels=labels)
    mode = GaugeMetricFamily(
        "hotfolder_watch_mode", "How the folder is watched (1 for its mode).", labels=["folder", "mode"]
    )
    duration = GaugeMetricFamily(
        "hotfolder_scan_duration_seconds", "Duration of the last scan of the inbox.", labels=labels
    )
    scanned = GaugeMetricFamily(
        "hotfolder_last_scan_timestamp_seconds", "Unix time the last scan ended.", labels=labels
    )
    for folder in folders:
        settling.add_metric([folder.name], folder.files_settling)
        waiting.add_metric([folder.name], folder.bundles_waiting)
        errors.add_metric([folder.name], len(folder.scan_errors or ()))
        mode.add_metric([folder.name, folder.watch_mode], 1)
        if folder.last_scan_duration_s is not None:
            duration.add_metric([folder.name], folder.last_scan_duration_s)
        if folder.last_scan_at is not None:
            scanned.add_metric([folder.name], folder.last_scan_at)
    yield from (settling, waiting, errors, mode, duration, scanned)


def live_families(live: Mapping[str, Any]) -> Iterator[Metric]:
    """Gauges of the daemon's live facts, each only when the daemon reports it."""
    pressure = live.get("host_memory_pressure")
    if pressure is not None:
        level = HostMemoryPressureLevel(pressure)
        family = GaugeMetricFamily(
            "hotfolder_memory_pressure", "Host memory pressure (1 for the current level).", labels=["level"]
        )
        for each in HostMemoryPressureLevel:
            family.add_metric([each.value], int(each is level))
        yield family
    for key, name, text in (
        ("system_memory_total_mb", "hotfolder_memory_total_bytes", "Host memory."),
        ("system_memory_available_mb", "hotfolder_memory_available_bytes", "Host memory available."),
        ("host_memory_reserved_mb", "hotfolder_memory_reserved_bytes", "Memory reserved for running workers."),
    ):
        if live.get(key) is not None:
            yield GaugeMetricFamily(name, text, value=live[key] * MB)
    if live.get("live_workers") is not None:
        yield GaugeMetricFamily("hotfolder_live_workers", "Worker processes alive.", value=live["live_workers"])


class LedgerCollector(Collector):
    """Reads the ledger and `live()` on every `collect()`; nothing is kept between scrapes."""

    def __init__(self, db_path: Path, live: Callable[[], dict[str, Any]], info: Mapping[str, str]) -> None:
        self.db_path = db_path
        self.live = live
        self.info = dict(info)

    def collect(self) -> Iterator[Metric]:
        with reading(self.db_path) as conn:
            facts = read_facts(conn)
        live = self.live()
        folders = [HotfolderStatus.model_validate(entry) for entry in live.get("hotfolders") or ()]
        info = GaugeMetricFamily("hotfolder_info", "This daemon (always 1).", labels=sorted(self.info))
        info.add_metric([self.info[key] for key in sorted(self.info)], 1)
        yield info
        yield from ledger_families(facts)
        yield from folder_families(folders, facts.queued)
        yield from live_families(live)


def metrics_text(collector: Collector) -> bytes:
    """The Prometheus text exposition of one scrape of `collector`."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return generate_latest(registry)
