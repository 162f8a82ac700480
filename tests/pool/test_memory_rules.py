"""The memory gate's pure rules, as tables."""

from __future__ import annotations

import pytest

from hotfolder.pool.gate import LiveWorker, MemoryGate
from hotfolder.pool.memory import Pressure, admit, budget_mb, outstanding_mb, pressure_level


@pytest.mark.parametrize(
    ("available", "reserve", "level"),
    [
        (2000, 2000, Pressure.CRITICAL),
        (1000, 2000, Pressure.CRITICAL),
        (2001, 2000, Pressure.CONSTRAINED),
        (4048, 2000, Pressure.CONSTRAINED),
        (4049, 2000, Pressure.GUARDED),
        (10192, 2000, Pressure.GUARDED),
        (10193, 2000, Pressure.HEALTHY),
    ],
)
def test_pressure_levels(available: float, reserve: float, level: Pressure) -> None:
    assert pressure_level(available, reserve) == level


@pytest.mark.parametrize(
    ("available", "reserved", "budget", "reserve", "ok"),
    [
        (10000, 0, 4500, 2000, True),
        (10000, 3500, 4500, 2000, True),  # exactly at the reserve afterwards
        (10000, 3501, 4500, 2000, False),
        (6000, 0, 4500, 2000, False),
        (2000, 0, 0, 2000, True),
        (1999, 0, 0, 2000, False),
    ],
)
def test_admission(available: float, reserved: float, budget: float, reserve: float, ok: bool) -> None:
    assert admit(available, reserved, budget, reserve) is ok


@pytest.mark.parametrize(
    ("base", "learned", "expected"),
    [(3000, None, 4500.0), (3000, 400, 500.0), (100, None, 256.0), (3000, 100, 256.0), (750, 0.0, 1125.0)],
)
def test_budget_learns_from_peaks(base: float, learned: float | None, expected: float) -> None:
    assert budget_mb(base, learned) == expected


def test_outstanding_never_negative() -> None:
    assert outstanding_mb(500, 300) == 200
    assert outstanding_mb(500, 900) == 0


class ScriptedProbe:
    """The host's memory as a script: the one boundary these tests cannot drive for real."""

    def __init__(self, available: float, rss: dict[int, float] | None = None) -> None:
        self.available = available
        self.rss = rss or {}

    def available_mb(self) -> float:
        return self.available

    def total_mb(self) -> float:
        return 24000.0

    def rss_mb(self, pid: int) -> float:
        return self.rss.get(pid, 0.0)


def test_gate_reserves_what_live_workers_may_still_grow_into() -> None:
    probe = ScriptedProbe(9000, {1: 1000})
    gate = MemoryGate(2000, lambda name: 3000, probe=probe)
    worker = [LiveWorker(1, "morphotag")]  # budget 4500, holds 1000: 3500 outstanding
    assert gate.reserved(worker) == 3500
    assert not gate.may_start_worker("morphotag", worker)  # 9000 - 3500 - 4500 < 2000
    assert gate.may_start_file(worker)
    gate.learn("morphotag", 1200)  # now the budget is 1500: 500 outstanding
    assert gate.may_start_worker("morphotag", worker)
    assert gate.deferrals == 1


def test_gate_sheds_only_after_critical_persists() -> None:
    probe = ScriptedProbe(1500)
    gate = MemoryGate(2000, lambda name: 100, probe=probe, critical_grace_s=10)
    assert not gate.should_shed(0.0)
    assert not gate.should_shed(9.9)
    assert gate.should_shed(10.0)
    assert not gate.should_shed(15.0)  # the timer starts again after shedding
    probe.available = 5000
    assert not gate.should_shed(30.0)
    probe.available = 1500
    assert not gate.should_shed(31.0)
