"""The Praat steps of AVQI v03.01, through parselmouth.

1. Both recordings are high-pass filtered (Hann stop band 0-34 Hz).
2. Continuous speech: silences are cut (`To TextGrid (silences)`, -25 dB,
   0.1 s minimum), then the voiced 30 ms windows are kept (`voiced`).
3. The last 3 s of the sustained vowel (all of it when shorter) are
   appended to the voiced speech.
4. On that sound: CPPS from a PowerCepstrogram, LTAS slope and the slope of
   its trend line (tilt), shimmer from a periodic PointProcess, and HNR from
   Praat's voice report (Pitch cc, PointProcess cc).

Every argument is the script's. Praat warnings about odd input (a sound
with no quiet part, say) are not errors here; they are silenced by the
caller.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import parselmouth
from parselmouth.praat import call

from hotfolder.commands.avqi.index import AvqiMeasures
from hotfolder.commands.avqi.voiced import Samples, voiced_part

VOWEL_TAIL_S = 3.0
_HNR = re.compile(r"Mean harmonics-to-noise ratio:\s*(\S+)")


@dataclass(frozen=True)
class AvqiSound:
    sound: parselmouth.Sound  # voiced speech, then the vowel's tail
    voiced_s: float
    vowel_s: float


def sound(samples: Samples, sample_rate: int) -> parselmouth.Sound:
    return parselmouth.Sound(np.asarray(samples, dtype=np.float64), sampling_frequency=float(sample_rate))


def highpass(source: parselmouth.Sound) -> parselmouth.Sound:
    filtered: parselmouth.Sound = call(source, "Filter (stop Hann band)", 0, 34, 0.1)
    return filtered


def loud_part(speech: parselmouth.Sound) -> Samples:
    """The speech with its silences cut out (empty when it is all silence)."""
    grid = call(speech, "To TextGrid (silences)", 50, 0.003, -25, 0.1, 0.1, "silence", "sounding")
    if call(grid, "Count intervals where", 1, "is equal to", "sounding") == 0:
        return np.zeros(0, dtype=np.float32)
    parts = call([speech, grid], "Extract intervals where", 1, "no", "does not contain", "silence")
    chain = call(parts if isinstance(parts, list) else [parts], "Concatenate")
    return np.asarray(chain.values[0], dtype=np.float32)


def vowel_tail(vowel: parselmouth.Sound) -> parselmouth.Sound:
    duration = vowel.get_total_duration()
    if duration <= VOWEL_TAIL_S:
        return vowel.copy()
    tail: parselmouth.Sound = call(vowel, "Extract part", duration - VOWEL_TAIL_S, duration, "rectangular", 1, "no")
    return tail


def avqi_sound(speech: Samples, vowel: Samples, sample_rate: int) -> AvqiSound:
    """Voiced speech then the vowel's last 3 s, both high-passed, as one sound."""
    voiced = voiced_part(loud_part(highpass(sound(speech, sample_rate))), sample_rate)
    tail = vowel_tail(highpass(sound(vowel, sample_rate)))
    joined = np.concatenate([voiced, np.asarray(tail.values[0], dtype=np.float32)])
    return AvqiSound(sound(joined, sample_rate), voiced.size / sample_rate, tail.get_total_duration())


def measure(s: parselmouth.Sound) -> AvqiMeasures:
    """The six AVQI measures of the joined sound (NaN where Praat finds a measure undefined)."""
    cepstrogram = call(s, "To PowerCepstrogram", 60, 0.002, 5000, 50)
    cpps = call(cepstrogram, "Get CPPS", "no", 0.01, 0.001, 60, 330, 0.05, "Parabolic", 0.001, 0, "Straight", "Robust")
    ltas = call(s, "To Ltas", 1)
    slope = call(ltas, "Get slope", 0, 1000, 1000, 10000, "energy")
    trend = call(ltas, "Compute trend line", 1, 10000)
    tilt = call(trend, "Get slope", 0, 1000, 1000, 10000, "energy")
    periods = call(s, "To PointProcess (periodic, cc)", 50, 400)
    shimmer = call([s, periods], "Get shimmer (local)", 0, 0, 0.0001, 0.02, 1.3, 1.6)
    shimmer_db = call([s, periods], "Get shimmer (local_dB)", 0, 0, 0.0001, 0.02, 1.3, 1.6)
    pitch = call(s, "To Pitch (cc)", 0, 75, 15, "no", 0.03, 0.45, 0.01, 0.35, 0.14, 600)
    pulses = call([s, pitch], "To PointProcess (cc)")
    report = call([s, pitch, pulses], "Voice report", 0, 0, 75, 600, 1.3, 1.6, 0.03, 0.45)
    return AvqiMeasures(
        cpps=_number(cpps),
        hnr=_report_number(report),
        shimmer_percent=_number(shimmer) * 100,
        shimmer_db=_number(shimmer_db),
        slope=_number(slope),
        tilt=_number(tilt),
    )


def _number(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) else math.nan


def _report_number(report: str) -> float:
    found = _HNR.search(report)
    try:
        return float(found.group(1)) if found else math.nan
    except ValueError:  # "--undefined--"
        return math.nan
