"""AVQI v03.01 formula and the `.avqi.txt` layout."""

from __future__ import annotations

import math

import pytest

from hotfolder.commands.avqi.index import LABELS, AvqiMeasures, avqi_score, parse_report, render_report

TYPICAL = AvqiMeasures(cpps=14.0, hnr=20.0, shimmer_percent=3.0, shimmer_db=0.3, slope=-25.0, tilt=-10.0)


def test_formula_by_hand() -> None:
    # (4.152 - 2.478 - 0.12 - 0.111 + 0.2823 - 0.25 - 0.93) * 2.8902 = 0.5453 * 2.8902
    assert avqi_score(TYPICAL) == pytest.approx(1.57602606, abs=1e-8)


@pytest.mark.parametrize(
    ("field", "weight"),
    [("cpps", -0.177), ("hnr", -0.006), ("shimmer_percent", -0.037), ("shimmer_db", 0.941), ("slope", 0.01), ("tilt", 0.093)],
)
def test_each_coefficient(field: str, weight: float) -> None:
    raised = AvqiMeasures(**{**TYPICAL.__dict__, field: getattr(TYPICAL, field) + 1.0})
    assert avqi_score(raised) - avqi_score(TYPICAL) == pytest.approx(weight * 2.8902)


def test_report_layout() -> None:
    assert render_report(TYPICAL) == (
        "AVQI: 1.576\n"
        "CPPS: 14.000\n"
        "HNR: 20.000\n"
        "Shimmer Local: 3.000\n"
        "Shimmer Local dB: 0.300\n"
        "LTAS Slope: -25.000\n"
        "LTAS Tilt: -10.000\n"
    )


def test_report_parses_back() -> None:
    measures = AvqiMeasures(cpps=9.1072, hnr=18.355, shimmer_percent=7.8454, shimmer_db=0.954, slope=-29.4912, tilt=-11.9393)
    parsed = parse_report(render_report(measures))
    assert list(parsed) == ["AVQI", *LABELS]
    assert parsed["AVQI"] == pytest.approx(avqi_score(measures), abs=5e-4)
    assert parsed["Shimmer Local dB"] == pytest.approx(0.954)
    assert parse_report("no numbers here\n") == {}


def test_undefined_measures_are_named() -> None:
    assert TYPICAL.undefined() == []
    broken = AvqiMeasures(cpps=math.nan, hnr=20.0, shimmer_percent=math.inf, shimmer_db=0.3, slope=-25.0, tilt=-10.0)
    assert broken.undefined() == ["CPPS", "Shimmer Local"]
