"""Memory decisions as pure functions (batchalign3's gate, with budgets learned from real peaks)."""

from __future__ import annotations

from enum import StrEnum

BUDGET_FACTOR = 1.5  # headroom on a command's declared base until real peaks are known
LEARNED_FACTOR = 1.25  # headroom on the largest peak RSS measured for the command
MIN_BUDGET_MB = 256.0
CONSTRAINED_MB = 2048
GUARDED_MB = 8192


class Pressure(StrEnum):
    HEALTHY = "healthy"
    GUARDED = "guarded"
    CONSTRAINED = "constrained"
    CRITICAL = "critical"


def pressure_level(available_mb: float, reserve_mb: float) -> Pressure:
    """How close the host is to its reserve: critical at or below it."""
    headroom = available_mb - reserve_mb
    if headroom <= 0:
        return Pressure.CRITICAL
    if headroom <= CONSTRAINED_MB:
        return Pressure.CONSTRAINED
    if headroom <= GUARDED_MB:
        return Pressure.GUARDED
    return Pressure.HEALTHY


def admit(available_mb: float, reserved_mb: float, budget_mb: float, reserve_mb: float) -> bool:
    """Start something needing `budget_mb` only if the reserve stays untouched afterwards."""
    return available_mb - reserved_mb - budget_mb >= reserve_mb


def budget_mb(base_mb: float, learned_peak_mb: float | None) -> float:
    """A worker's budget: its measured peak with headroom once known, else the declared base with headroom."""
    if learned_peak_mb:
        return max(MIN_BUDGET_MB, learned_peak_mb * LEARNED_FACTOR)
    return max(MIN_BUDGET_MB, base_mb * BUDGET_FACTOR)


def outstanding_mb(budget: float, rss_mb: float) -> float:
    """What a live worker may still grow into: its budget less what it already holds (already in `available`)."""
    return max(0.0, budget - rss_mb)
