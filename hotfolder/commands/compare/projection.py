"""The word alignment laid onto the hypothesis utterances: which rows each one owns, and its %xcmp.

The alignment runs over the whole files (see transcribe.scoring), so it holds when
the two transcripts cut utterances differently. A row with a hypothesis word
belongs to that word's utterance. A gold word the hypothesis lacks goes to
the utterance of the next hypothesis word when that word's gold comes from the
same gold utterance and the previous one's does not (a missed first word of
an utterance); else to the previous hypothesis word's utterance (the next at
the start).

%xcmp lists the utterance's rows in order: a matched word as it is, a
substitution as `said/gold`, an insertion as `+said`, a deletion as `-gold`
(words as scoring compares them: lowercased).
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.commands.transcribe.scoring import Row

TIER = "xcmp"


def owners(rows: Sequence[Row]) -> list[int | None]:
    """Per row, the line of the hypothesis utterance that owns it (None when the hypothesis has no word)."""
    lines: list[int | None] = [row.hypothesis.line if row.hypothesis else None for row in rows]
    before = _nearest(lines, range(len(rows)))
    after = _nearest(lines, range(len(rows) - 1, -1, -1))
    owned = list(lines)
    for index, row in enumerate(rows):
        if lines[index] is not None:
            continue
        previous, following = before[index], after[index]
        starts_next = following is not None and _same_gold(rows[following], row)
        pick = following if previous is None or (starts_next and not _same_gold(rows[previous], row)) else previous
        owned[index] = lines[pick] if pick is not None else None
    return owned


def _nearest(lines: Sequence[int | None], order: range) -> list[int | None]:
    """For each row, the index of the closest row with a hypothesis word met before it in `order`."""
    found: list[int | None] = [None] * len(lines)
    last: int | None = None
    for index in order:
        found[index] = last
        if lines[index] is not None:
            last = index
    return found


def _same_gold(row: Row, deleted: Row) -> bool:
    return row.gold is not None and deleted.gold is not None and row.gold.line == deleted.gold.line


def item(row: Row) -> str:
    said = row.hypothesis.text if row.hypothesis else ""
    gold = row.gold.text if row.gold else ""
    if row.op == "match":
        return said
    if row.op == "substitution":
        return f"{said}/{gold}"
    return f"+{said}" if row.op == "insertion" else f"-{gold}"


def tiers(rows: Sequence[Row]) -> dict[int, str]:
    """%xcmp content by hypothesis utterance line."""
    items: dict[int, list[str]] = {}
    for row, line in zip(rows, owners(rows), strict=True):
        if line is not None:
            items.setdefault(line, []).append(item(row))
    return {line: " ".join(parts) for line, parts in items.items()}
