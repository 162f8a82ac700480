"""`/metrics`: Prometheus text read from the ledger and the daemon's live facts at scrape time.

No counters live in this process: the ledger is the record (it survives restarts and
is written by another process), so a custom collector turns the ledger and one
`live()` snapshot into metric families on every scrape. What it read from the ledger
is reused while the ledger's data version is unchanged.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, SummaryMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4, generate_latest
from prometheus_client.metrics_core import Metric
from prometheus_client.registry import Collector, CollectorRegistry

from hotfolder.api import queries
from hotfolder.api.live import LiveFacts
from hotfolder.api.reader import LedgerReader
from hotfolder.api.schemas import HostMemoryPressureLevel, HotfolderStatus, JobStatus
from hotfolder.api.tally import AttemptTally, AttemptTotals
from hotfolder.ledger import reads
from hotfolder.ledger.states import FileStatus

CONTENT_TYPE = CONTENT_TYPE_PLAIN_0_0_4
MB = 1024 * 1024
# Outcomes the ledger writes when an attempt ends; each is exported even at zero.
OUTCOMES = ("done", "error", "retry", "cancelled", "interrupted")


@dataclass(frozen=True)
class LedgerFacts:
    """What one scrape reads from the ledger."""

    jobs: Mapping[JobStatus, int]
    files: Mapping[str, int]
    queued: Mapping[str, int]  # queued jobs per hot folder
    attempts: AttemptTotals


def read_counts(conn: sqlite3.Connection) -> tuple[dict[JobStatus, int], dict[str, int], dict[str, int]]:
    """Jobs by status, files by status and queued jobs per folder, from one read transaction."""
    files = dict.fromkeys((str(status) for status in FileStatus), 0)
    files.update(reads.files_by_status(conn))
    return queries.jobs_by_status(conn), files, queries.queued_by_folder(conn)


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
    totals = facts.attempts
    attempts = CounterMetricFamily(
        "hotfolder_attempts", "Finished processing attempts by outcome.", labels=["outcome"]
    )
    for outcome in sorted({*OUTCOMES, *totals.outcomes}):
        attempts.add_metric([outcome], totals.outcomes[outcome])
    yield attempts
    yield GaugeMetricFamily(
        "hotfolder_attempts_running", "Attempts a worker holds now.", value=totals.running
    )
    yield CounterMetricFamily(
        "hotfolder_retries", "Attempts that ended in a scheduled retry.", value=totals.outcomes["retry"]
    )
    yield CounterMetricFamily(
        "hotfolder_worker_crashes",
        "Attempts ended by a worker crash.",
        value=totals.categories["worker_crash"],
    )
    failures = CounterMetricFamily(
        "hotfolder_attempt_failures", "Attempts that failed, by failure category.", labels=["category"]
    )
    for category, count in sorted(totals.categories.items()):
        failures.add_metric([category], count)
    yield failures
    seconds = SummaryMetricFamily(
        "hotfolder_processing_seconds",
        "Time of attempts that ran to an outcome (end - start), by command; interrupted attempts are not timed.",
        labels=["command"],
    )
    for command, count in sorted(totals.count.items()):
        seconds.add_metric([command], count_value=count, sum_value=totals.seconds.get(command, 0.0))
    yield seconds


def folder_families(folders: list[HotfolderStatus], queued: Mapping[str, int]) -> Iterator[Metric]:
    """Per hot folder: queue, backlog, watch mode and the last scan."""
    queue = GaugeMetricFamily(
        "hotfolder_queue_length", "Jobs still queued, per hot folder.", labels=["folder"]
    )
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


def live_families(live: LiveFacts) -> Iterator[Metric]:
    """Gauges of the daemon's live facts, each only when the daemon reports it."""
    if live.host_memory_pressure is not None:
        family = GaugeMetricFamily(
            "hotfolder_memory_pressure", "Host memory pressure (1 for the current level).", labels=["level"]
        )
        for each in HostMemoryPressureLevel:
            family.add_metric([each.value], int(each is live.host_memory_pressure))
        yield family
    for value, name, text in (
        (live.system_memory_total_mb, "hotfolder_memory_total_bytes", "Host memory."),
        (live.system_memory_available_mb, "hotfolder_memory_available_bytes", "Host memory available."),
        (
            live.host_memory_reserved_mb,
            "hotfolder_memory_reserved_bytes",
            "Memory reserved for running workers.",
        ),
    ):
        if value is not None:
            yield GaugeMetricFamily(name, text, value=value * MB)
    if live.live_workers is not None:
        yield GaugeMetricFamily(
            "hotfolder_live_workers", "Worker processes alive.", value=live.live_workers
        )


class LedgerCollector(Collector):
    """Reads the ledger and `live()` on every `collect()`; what it read is reused until the ledger changes.

    Counts are read again whenever the ledger's version has changed; attempt totals
    only read the attempts added since (see hotfolder.api.tally).
    """

    def __init__(
        self, reader: LedgerReader, live: Callable[[], LiveFacts], info: Mapping[str, str]
    ) -> None:
        self.reader = reader
        self.live = live
        self.info = dict(info)
        self.tally = AttemptTally()
        self._facts: tuple[int, LedgerFacts] | None = None
        self._lock = threading.Lock()

    def ledger_facts(self) -> LedgerFacts:
        with self._lock:  # one scrape reads at a time: the tally is advanced in place
            version = self.reader.version()
            if self._facts is None or self._facts[0] != version:
                with self.reader.reading() as conn:
                    jobs, files, queued = read_counts(conn)
                    attempts = self.tally.read(conn)
                self._facts = (version, LedgerFacts(jobs, files, queued, attempts))
            return self._facts[1]

    def collect(self) -> Iterator[Metric]:
        facts = self.ledger_facts()
        live = self.live()
        folders = list(live.hotfolders or ())
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
