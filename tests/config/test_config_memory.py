"""Host tiers and the pool settings decided from RAM and CPUs."""

from __future__ import annotations

import pytest

from hotfolder.config import PoolSettings, host_tier, resolve_pool
from hotfolder.config.memory import FLEET, LARGE, MEDIUM, SMALL, Tier

GB = 1024


@pytest.mark.parametrize(
    ("total_mb", "tier"),
    [
        (4 * GB, SMALL),
        (24 * GB - 1, SMALL),
        (24 * GB, MEDIUM),
        (48 * GB - 1, MEDIUM),
        (48 * GB, LARGE),
        (128 * GB - 1, LARGE),
        (128 * GB, FLEET),
        (1024 * GB, FLEET),
    ],
)
def test_host_tier(total_mb: int, tier: Tier) -> None:
    assert host_tier(total_mb) == tier


def test_tier_reserves_match_batchalign3() -> None:
    assert [(t.name, t.reserve_mb) for t in (SMALL, MEDIUM, LARGE, FLEET)] == [
        ("small", 2000),
        ("medium", 4000),
        ("large", 8000),
        ("fleet", 8000),
    ]


@pytest.mark.parametrize(
    ("pool", "total_mb", "cpus", "workers", "reserve"),
    [
        # auto: one per CPU
        (PoolSettings(), 32 * GB, 4, 4, 4000),
        # auto: never fewer than one, even with no CPU count known
        (PoolSettings(), 32 * GB, 0, 1, 4000),
        # auto: at most 8 however many CPUs
        (PoolSettings(), 256 * GB, 64, 8, 8000),
        # auto: no more than memory could admit: (8192 - 2000) // 1125 = 5
        (PoolSettings(), 8 * GB, 16, 5, 2000),
        # auto: less RAM than the reserve still runs one worker
        (PoolSettings(), 1 * GB, 4, 1, 2000),
        # the operator's values are kept, even above the auto caps
        (PoolSettings(max_workers=12, memory_reserve_mb=500), 8 * GB, 2, 12, 500),
        # an explicit reserve changes the memory cap: (8192 - 0) // 1125 = 7
        (PoolSettings(memory_reserve_mb=0), 8 * GB, 16, 7, 0),
    ],
)
def test_resolve_pool(pool: PoolSettings, total_mb: int, cpus: int, workers: int, reserve: int) -> None:
    resolved = resolve_pool(pool, total_mb, cpus)
    assert (resolved.max_workers, resolved.memory_reserve_mb) == (workers, reserve)
    assert resolved.tier == host_tier(total_mb)


def test_resolve_pool_keeps_the_other_settings() -> None:
    pool = PoolSettings(file_timeout_s=60, max_attempts=1, worker_idle_s=5)
    resolved = resolve_pool(pool, 16 * GB, 2)
    assert (resolved.file_timeout_s, resolved.max_attempts, resolved.worker_idle_s) == (60.0, 1, 5.0)
