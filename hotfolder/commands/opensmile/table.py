"""The `<stem>.opensmile.csv` layout: one header line and one row of functionals.

Columns: `file` (the recording's display path in the bundle), `start` and
`end` (seconds of the recording the row covers: 0 and its duration), then
the feature set's functionals in openSMILE's order. These are the index
levels `opensmile.Smile.process_file` gives, so CSVs of many recordings
concatenate into one table. Numbers are written with 9 significant digits,
which keeps openSMILE's float32 values exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

ID_COLUMNS = ("file", "start", "end")


def number(value: float) -> str:
    return format(float(value), ".9g")


def render_table(file: str, duration_s: float, names: Sequence[str], values: Sequence[float]) -> bytes:
    """The CSV bytes for one recording's functionals."""
    if len(names) != len(values):
        raise ValueError(f"{len(names)} feature names for {len(values)} values")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*ID_COLUMNS, *names])
    writer.writerow([file, number(0.0), number(round(duration_s, 6)), *map(number, values)])
    return out.getvalue().encode("utf-8")
