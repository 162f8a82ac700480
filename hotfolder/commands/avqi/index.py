"""The Acoustic Voice Quality Index v03.01 from its six measures, and the `.avqi.txt` layout.

AVQI v03.01 (Barsties & Maryn 2015; Maryn & Corthals' Praat script v03.01):

    AVQI = (4.152 - 0.177 CPPS - 0.006 HNR - 0.037 shimmer% + 0.941 shimmer_dB
            + 0.01 slope + 0.093 tilt) * 2.8902

The text file has one `Label: value` line per number, AVQI first, then the
six measures; values have three decimals. These are the lines batchalign
writes, so existing readers keep working; split each line at its last ": ".

    AVQI: 3.210
    CPPS: 14.520
    HNR: 21.305
    Shimmer Local: 3.450
    Shimmer Local dB: 0.321
    LTAS Slope: -25.310
    LTAS Tilt: -9.870
"""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass

LABELS = ("CPPS", "HNR", "Shimmer Local", "Shimmer Local dB", "LTAS Slope", "LTAS Tilt")


@dataclass(frozen=True)
class AvqiMeasures:
    cpps: float  # smoothed cepstral peak prominence, dB
    hnr: float  # harmonics-to-noise ratio, dB
    shimmer_percent: float  # shimmer local, %
    shimmer_db: float  # shimmer local, dB
    slope: float  # LTAS slope 0-1 kHz vs 1-10 kHz, dB
    tilt: float  # slope of the LTAS trend line over the same bands, dB

    def undefined(self) -> list[str]:
        """Labels of the measures Praat could not determine (NaN or infinite)."""
        return [label for label, value in zip(LABELS, astuple(self), strict=True) if not math.isfinite(value)]


def avqi_score(m: AvqiMeasures) -> float:
    """AVQI v03.01 from its six measures."""
    return (
        4.152
        - 0.177 * m.cpps
        - 0.006 * m.hnr
        - 0.037 * m.shimmer_percent
        + 0.941 * m.shimmer_db
        + 0.01 * m.slope
        + 0.093 * m.tilt
    ) * 2.8902


def render_report(m: AvqiMeasures) -> str:
    """The `.avqi.txt` text: AVQI, then the six measures, one `Label: value` line each."""
    lines = [("AVQI", avqi_score(m)), *zip(LABELS, astuple(m), strict=True)]
    return "".join(f"{label}: {value:.3f}\n" for label, value in lines)


def parse_report(text: str) -> dict[str, float]:
    """Label -> value for every `Label: value` line of a report (the inverse of `render_report`)."""
    values: dict[str, float] = {}
    for line in text.splitlines():
        label, sep, value = line.rpartition(": ")
        if sep:
            values[label] = float(value)
    return values
