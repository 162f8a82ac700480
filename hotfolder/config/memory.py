"""Pool settings left on "auto", decided from the host's RAM and CPUs (pure: the caller measures)."""

from __future__ import annotations

from dataclasses import dataclass

from hotfolder.config.models import PoolSettings

GIB_MB = 1024


@dataclass(frozen=True)
class Tier:
    """A class of host by total RAM, and the memory kept free for the system and the daemon."""

    name: str
    reserve_mb: int


SMALL = Tier("small", 2000)
MEDIUM = Tier("medium", 4000)
LARGE = Tier("large", 8000)
FLEET = Tier("fleet", 8000)
# Upper bounds (exclusive) in MB, as batchalign3's memory tiers: <24 GB, <48 GB, <128 GB, then fleet.
_TIER_LIMITS = ((24 * GIB_MB, SMALL), (48 * GIB_MB, MEDIUM), (128 * GIB_MB, LARGE))

# A lab server gains little from more engine processes than this, and each one
# holds its own model in memory; set pool.max_workers to go higher.
MAX_AUTO_WORKERS = 8
# The smallest per-worker budget batchalign3 grants (opensmile: 750 MB x 1.5):
# more workers than fit beside the reserve at that size could never all be admitted.
SMALLEST_WORKER_MB = 1125


@dataclass(frozen=True)
class ResolvedPool:
    """The pool settings with every "auto" decided for this host."""

    max_workers: int
    memory_reserve_mb: int
    file_timeout_s: float
    max_attempts: int
    worker_idle_s: float
    tier: Tier
    warmup: bool = True
    heartbeat_s: float = 5.0
    heartbeat_timeout_s: float = 30.0
    worker_max_units: int = 200


def host_tier(total_mb: int) -> Tier:
    """The tier of a host with `total_mb` of RAM."""
    for limit, tier in _TIER_LIMITS:
        if total_mb < limit:
            return tier
    return FLEET


def auto_workers(total_mb: int, cpu_count: int, reserve_mb: int) -> int:
    """One worker per CPU, at most MAX_AUTO_WORKERS and what memory could ever admit, at least one."""
    by_memory = (total_mb - reserve_mb) // SMALLEST_WORKER_MB
    return max(1, min(cpu_count, MAX_AUTO_WORKERS, by_memory))


def resolve_pool(pool: PoolSettings, total_mb: int, cpu_count: int) -> ResolvedPool:
    """Fill in `max_workers` and `memory_reserve_mb` left on auto; values the operator set are kept as given."""
    tier = host_tier(total_mb)
    reserve = pool.memory_reserve_mb if pool.memory_reserve_mb is not None else tier.reserve_mb
    workers = pool.max_workers if pool.max_workers is not None else auto_workers(total_mb, cpu_count, reserve)
    return ResolvedPool(
        max_workers=workers,
        memory_reserve_mb=reserve,
        file_timeout_s=pool.file_timeout_s,
        max_attempts=pool.max_attempts,
        worker_idle_s=pool.worker_idle_s,
        tier=tier,
        warmup=pool.warmup,
        heartbeat_s=pool.heartbeat_s,
        heartbeat_timeout_s=pool.heartbeat_timeout_s,
        worker_max_units=pool.worker_max_units,
    )
