"""The memory gate: admission of workers and files, pressure, and when to shed work."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

import psutil

from hotfolder.pool.memory import Pressure, admit, budget_mb, outstanding_mb, pressure_level

MB = 1024 * 1024
log = logging.getLogger(__name__)


class MemoryProbe(Protocol):
    def available_mb(self) -> float: ...
    def total_mb(self) -> float: ...
    def rss_mb(self, pid: int) -> float: ...


class HostMemory:
    """The real host, via psutil; a reading that fails (EMFILE when the process is out of file
    descriptors) gives the last good one, so a starved daemon degrades instead of dying."""

    def __init__(self, read: Callable[[], Any] = psutil.virtual_memory) -> None:
        self._read = read
        self._last: Any = read()  # at start, where failing is a clear error rather than a crash mid-run
        self._warned = False

    def _memory(self) -> Any:
        try:
            self._last = self._read()
            self._warned = False
        except OSError as exc:
            if not self._warned:
                log.warning("cannot read the host's memory (%s); using the last reading until it can", exc)
                self._warned = True
        return self._last

    def available_mb(self) -> float:
        return float(self._memory().available) / MB

    def total_mb(self) -> float:
        return float(self._memory().total) / MB

    def rss_mb(self, pid: int) -> float:
        try:
            return float(psutil.Process(pid).memory_info().rss) / MB
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            return 0.0  # unknown: its whole budget stays reserved


@dataclass(frozen=True)
class LiveWorker:
    pid: int
    command: str  # its budget key (pool/budgets.py): the worker key's text, or a bare command name


@dataclass(frozen=True)
class GateSnapshot:
    total_mb: float
    available_mb: float
    reserved_mb: float
    reserve_mb: float
    pressure: Pressure


class MemoryGate:
    """Admits a new worker or file only while `available - reserved - budget >= reserve`."""

    def __init__(
        self,
        reserve_mb: float,
        base_budgets: Callable[[str], float],
        *,
        probe: MemoryProbe | None = None,
        learned: dict[str, float] | None = None,
        critical_grace_s: float = 10.0,
    ) -> None:
        self.reserve_mb = reserve_mb
        self.base_budgets = base_budgets
        self.probe = probe or HostMemory()
        self.learned: dict[str, float] = dict(learned or {})
        self.critical_grace_s = critical_grace_s
        self._critical_since: float | None = None
        self.deferrals = 0

    def budget(self, key: str) -> float:
        """What a worker of this budget key (pool/budgets.py) may take: its learned peak, else declared."""
        return budget_mb(self.base_budgets(key), self.learned.get(key))

    def learn(self, key: str, peak_rss_mb: float) -> None:
        self.learned[key] = max(peak_rss_mb, self.learned.get(key, 0.0))

    def reserved(self, workers: Iterable[LiveWorker]) -> float:
        return sum(outstanding_mb(self.budget(w.command), self.probe.rss_mb(w.pid)) for w in workers)

    def snapshot(self, workers: Iterable[LiveWorker]) -> GateSnapshot:
        available = self.probe.available_mb()
        return GateSnapshot(self.probe.total_mb(), available, self.reserved(workers), self.reserve_mb, pressure_level(available, self.reserve_mb))

    def may_start_worker(self, command: str, workers: Iterable[LiveWorker]) -> bool:
        """A new worker must fit its whole budget beside what live workers may still take."""
        ok = admit(self.probe.available_mb(), self.reserved(workers), self.budget(command), self.reserve_mb)
        self.deferrals += not ok
        return ok

    def may_start_file(self, workers: Iterable[LiveWorker]) -> bool:
        """A warm worker's headroom is already reserved; the host only must not be at its reserve."""
        ok = admit(self.probe.available_mb(), self.reserved(workers), 0.0, self.reserve_mb)
        self.deferrals += not ok
        return ok

    def should_shed(self, now: float) -> bool:
        """True once pressure has stayed critical for `critical_grace_s`; then the timer starts again."""
        if pressure_level(self.probe.available_mb(), self.reserve_mb) != Pressure.CRITICAL:
            self._critical_since = None
            return False
        if self._critical_since is None:
            self._critical_since = now
            return False
        if now - self._critical_since >= self.critical_grace_s:
            self._critical_since = now
            return True
        return False
