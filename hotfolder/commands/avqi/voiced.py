"""The voiced parts of continuous speech, chosen as AVQI v03.01 chooses them.

After the silences are cut out (Praat's `To TextGrid (silences)`, done in
`praat_steps`), the loud signal is read in 30 ms windows. A window is voiced
when its power is above 30 % of the whole signal's power and its zero
crossings are fewer than 3000 a second (unvoiced fricatives cross zero far
more often). The voiced windows, concatenated, are the speech half of the
AVQI sound. Windows start at the signal's start and step by 30 ms; like the
Praat script, the loop stops one window short of the end.

The zero-crossing rate follows the script's `checkZeros` procedure: from the
crossing nearest 2.5 ms into the window, count the crossings up to the first
one at or after 27.5 ms, and divide by the time they span. When no crossing
follows between 27.5 and 30 ms the script's rate is undefined and the window
is dropped; that quirk is kept (it loses some windows of low voices), since
the published AVQI norms come from the script as it is.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Samples = npt.NDArray[np.float32]

WINDOW_S = 0.03
POWER_SHARE = 0.30  # of the whole loud signal's power
MAX_CROSSINGS_PER_S = 3000.0
COUNT_FROM_S = 0.0025
COUNT_TO_S = 0.0275


def zero_crossings(window: npt.NDArray[np.floating], sample_rate: int) -> npt.NDArray[np.float64]:
    """Times (s from the window's start) where the signal changes sign, linearly interpolated.

    As in Praat, zero counts as positive: a crossing lies between two samples
    of which exactly one is negative. Sample i is centred at (i + 0.5) / rate.
    """
    x = np.asarray(window, dtype=np.float64)
    if x.size < 2:
        return np.zeros(0)
    left, right = x[:-1], x[1:]
    hits = np.flatnonzero((left >= 0) != (right >= 0))
    a, b = left[hits], right[hits]
    return (hits + 0.5 + a / (a - b)) / sample_rate


def crossing_rate(window: npt.NDArray[np.floating], sample_rate: int) -> float | None:
    """Zero crossings per second in the middle of a window, as the script's `checkZeros` counts them.

    0.0 when no crossing lies before 27.5 ms (nothing to count: a very low
    frequency); None when the crossings run out before 27.5 ms, where the
    script's rate is undefined and the window is not taken.
    """
    times = zero_crossings(window, sample_rate)
    if times.size == 0:
        return 0.0
    first = int(np.argmin(np.abs(times - COUNT_FROM_S)))
    if times[first] >= COUNT_TO_S:
        return 0.0
    later = times[first + 1 :]
    beyond = np.flatnonzero(later >= COUNT_TO_S)
    if beyond.size == 0:
        return None
    last = int(beyond[0])
    return (last + 1) / float(later[last] - times[first])


def window_starts(n_samples: int, width: int) -> range:
    """First sample of each window read: the script stops once a window's right edge reaches end - width."""
    return range(0, max(n_samples - 2 * width, 0), max(width, 1))


def is_voiced(window: npt.NDArray[np.floating], sample_rate: int, threshold_power: float) -> bool:
    power = float(np.mean(np.square(window, dtype=np.float64))) if window.size else 0.0
    if power <= threshold_power:
        return False
    rate = crossing_rate(window, sample_rate)
    return rate is not None and rate < MAX_CROSSINGS_PER_S


def voiced_part(loud: npt.NDArray[np.floating], sample_rate: int) -> Samples:
    """The voiced 30 ms windows of `loud` (speech with its silences removed), concatenated."""
    signal = np.asarray(loud, dtype=np.float64)
    if signal.size == 0:
        return np.zeros(0, dtype=np.float32)
    threshold = POWER_SHARE * float(np.mean(np.square(signal)))
    width = round(WINDOW_S * sample_rate)
    kept = [
        signal[start : start + width]
        for start in window_starts(signal.size, width)
        if is_voiced(signal[start : start + width], sample_rate, threshold)
    ]
    return np.concatenate(kept).astype(np.float32) if kept else np.zeros(0, dtype=np.float32)
