"""Voiced-window selection of AVQI v03.01: tables, and agreement with Praat's own zero crossings."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import parselmouth
import pytest
from parselmouth.praat import call

from hotfolder.commands.avqi.voiced import crossing_rate, voiced_part, window_starts, zero_crossings

RATE = 44100
WIDTH = 1323  # 30 ms at 44.1 kHz


def tone(freq: float, seconds: float = 0.03, phase: float = 0.0, amplitude: float = 0.5) -> npt.NDArray[np.float64]:
    t = np.arange(round(seconds * RATE)) / RATE
    return amplitude * np.sin(2 * np.pi * freq * t + phase)


def praat_rate(window: npt.NDArray[np.float64]) -> float | None:
    """The script's checkZeros, stepping with Praat's `Get nearest zero crossing` (the reference)."""
    sound = parselmouth.Sound(window, RATE)
    step = 1 / RATE
    start = call(sound, "Get nearest zero crossing", 1, 0.0025)
    if math.isnan(start) or start >= 0.0275:
        return 0.0
    current, probe, count, span = start, start, 0, math.nan
    while current < 0.0275:
        following = current
        while following == current:
            probe += step
            following = call(sound, "Get nearest zero crossing", 1, probe)
        if math.isnan(following):
            return None
        count, span, current = count + 1, following - start, following
    return count / span


@pytest.mark.parametrize(
    ("samples", "times"),
    [
        ([1.0, -1.0], [1.0]),  # halfway between sample centres 0.5 and 1.5
        ([1.0, -3.0, -1.0, 1.0], [0.75, 3.0]),
        ([0.0, -1.0], [0.5]),  # zero counts as positive, as in Praat
        ([1.0, 0.0, 1.0], []),
        ([-1.0, 0.0], [1.5]),
        ([1.0], []),
        ([], []),
    ],
)
def test_zero_crossings_in_sample_units(samples: list[float], times: list[float]) -> None:
    found = zero_crossings(np.array(samples), 1)
    assert found.tolist() == pytest.approx(times)


@pytest.mark.parametrize("freq", [90.0, 210.0, 455.0, 1000.0, 1490.0, 1520.0, 3100.0])
@pytest.mark.parametrize("phase", [0.0, 0.7, 2.0])
def test_crossing_rate_agrees_with_praat(freq: float, phase: float) -> None:
    window = tone(freq, phase=phase)
    expected = praat_rate(window)
    if expected is None:  # e.g. 90 Hz: the crossings can stop between 26.6 and 30 ms
        assert crossing_rate(window, RATE) is None
    else:
        assert crossing_rate(window, RATE) == pytest.approx(expected, rel=1e-6)


def test_crossing_rate_agrees_with_praat_on_noise() -> None:
    rng = np.random.default_rng(3)
    for _ in range(5):
        window = rng.normal(0, 0.1, WIDTH) + tone(180.0)
        assert crossing_rate(window, RATE) == pytest.approx(praat_rate(window), rel=1e-6)


def test_crossing_rate_of_a_tone_is_twice_its_frequency() -> None:
    assert crossing_rate(tone(200.0, phase=0.3), RATE) == pytest.approx(400.0, rel=0.02)
    assert crossing_rate(tone(2000.0, phase=0.3), RATE) == pytest.approx(4000.0, rel=0.02)


def test_crossing_rate_edge_cases() -> None:
    assert crossing_rate(np.full(WIDTH, 0.3), RATE) == 0.0  # no crossing: nothing to count
    assert crossing_rate(tone(10.0, phase=0.1), RATE) == 0.0  # first crossing after 27.5 ms
    run_out = np.concatenate([tone(1000.0, seconds=0.01), np.full(WIDTH - 441, 0.2)])
    assert crossing_rate(run_out, RATE) is None  # crossings stop before 27.5 ms: undefined
    assert praat_rate(run_out) is None


@pytest.mark.parametrize(
    ("n", "width", "starts"),
    [
        (100, 10, list(range(0, 80, 10))),  # the last two windows are not read
        (105, 10, list(range(0, 85, 10))),
        (20, 10, []),
        (0, 10, []),
    ],
)
def test_window_starts(n: int, width: int, starts: list[int]) -> None:
    assert list(window_starts(n, width)) == starts


def test_voiced_part_keeps_loud_low_crossing_windows() -> None:
    voiced = tone(250.0, seconds=0.3)  # 10 windows, a crossing every 2 ms: one always past 27.5 ms
    hiss = tone(5000.0, seconds=0.3)  # as loud, but 10000 crossings a second
    quiet = tone(250.0, seconds=0.3, amplitude=0.05)  # 1 % of the power
    signal = np.concatenate([voiced, hiss, quiet, voiced[:2 * WIDTH]])
    kept = voiced_part(signal, RATE)
    assert kept.dtype == np.float32
    assert kept.size == 10 * WIDTH  # the first tone; the tail windows are not read
    np.testing.assert_allclose(kept, voiced[: 10 * WIDTH], atol=1e-7)


def test_low_voices_lose_the_windows_whose_crossings_stop_early() -> None:
    # The script's quirk, kept: a window whose last crossing comes before 27.5 ms is not taken.
    # Windows of this 150 Hz tone all start at phase 0 or pi and end 3.3 ms after their last crossing.
    assert praat_rate(tone(150.0)) is None
    assert voiced_part(tone(150.0, seconds=0.5), RATE).size == 0


def test_voiced_part_of_nothing_is_empty() -> None:
    assert voiced_part(np.zeros(0), RATE).size == 0
    assert voiced_part(np.zeros(RATE), RATE).size == 0  # no power above 30 % of zero
    assert voiced_part(tone(4000.0, seconds=1.0), RATE).size == 0
