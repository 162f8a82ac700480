"""`X.compare.csv`: one row per aligned word, then the totals.

Columns: utterance (1-based, among the hypothesis utterances), speaker, op
(match, substitution, deletion, insertion: as benchmark writes them), gold,
hypothesis, gold_line, hypothesis_line, value. Word rows leave `value`
empty; the totals follow as rows whose utterance is `total` and whose op
names the measure (`gold_words`, `hypothesis_words`, `match`,
`substitution`, `deletion`, `insertion`, `wer`), with the number in `value`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from hotfolder.commands.transcribe.scoring import Score

COLUMNS = ("utterance", "speaker", "op", "gold", "hypothesis", "gold_line", "hypothesis_line", "value")


def totals(result: Score) -> list[tuple[str, str]]:
    return [
        ("gold_words", str(result.gold_words)),
        ("hypothesis_words", str(result.hypothesis_words)),
        ("match", str(result.hits)),
        ("substitution", str(result.substitutions)),
        ("deletion", str(result.deletions)),
        ("insertion", str(result.insertions)),
        ("wer", f"{result.wer:.4f}"),
    ]


def compare_csv(
    result: Score, owners: Sequence[int | None], utterances: Mapping[int, tuple[int, str]]
) -> str:
    """The CSV text; `utterances` maps a hypothesis utterance line to (1-based number, speaker)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row, line in zip(result.rows, owners, strict=True):
        number, speaker = utterances[line] if line is not None else ("", "")
        writer.writerow(
            [
                number,
                speaker,
                row.op,
                row.gold.text if row.gold else "",
                row.hypothesis.text if row.hypothesis else "",
                _line(row.gold.line if row.gold else None),
                _line(row.hypothesis.line if row.hypothesis else None),
                "",
            ]
        )
    for measure, value in totals(result):
        writer.writerow(["total", "", measure, "", "", "", "", value])
    return buffer.getvalue()


def _line(line: int | None) -> str:
    return "" if line is None else str(line)
