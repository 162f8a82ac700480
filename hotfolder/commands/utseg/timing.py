"""Bullets for the pieces of a split utterance, from %wor word bullets or by share of words.

With a %wor tier whose words line up with the main tier, each piece's bullet
spans its own words' bullets. Without one (or when a piece has no timed word),
the utterance's bullet is cut in proportion to the pieces' spoken words. When
neither gives every piece a bullet that starts before it ends and after the
previous one starts, the utterance is not split: a split never invents times
that contradict each other.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.chat.bullets import parse_time_bullet
from hotfolder.chat.tokens import TokenKind, tokenize

Times = tuple[int, int]
WorEntry = tuple[str, Times | None]


def parse_wor(content: str) -> list[WorEntry]:
    """The words of a %wor tier, each with the bullet that follows it (None when untimed)."""
    entries: list[WorEntry] = []
    for token in tokenize(content):
        if token.kind is TokenKind.WORD:
            entries.append((token.text, None))
        elif token.kind is TokenKind.BULLET and entries and entries[-1][1] is None:
            bullet = parse_time_bullet(token.text)
            if bullet is not None:
                entries[-1] = (entries[-1][0], (bullet.start_ms, bullet.end_ms))
    return entries


def piece_bullets(
    wor_counts: Sequence[int], timings: Sequence[Times | None] | None, bullet: Times | None
) -> list[Times | None] | None:
    """One bullet per piece (all None for an utterance without one); None when no consistent split exists."""
    if bullet is None:
        return [None] * len(wor_counts)
    if timings is not None:
        spans = _word_spans(wor_counts, timings)
        if spans is not None and _consistent(spans):
            return list(spans)
    shares = proportional(bullet, wor_counts)
    return list(shares) if _consistent(shares) else None


def _word_spans(wor_counts: Sequence[int], timings: Sequence[Times | None]) -> list[Times] | None:
    spans = []
    start = 0
    for count in wor_counts:
        timed = [times for times in timings[start : start + count] if times is not None]
        start += count
        if not timed:
            return None
        spans.append((min(t[0] for t in timed), max(t[1] for t in timed)))
    return spans


def proportional(bullet: Times, wor_counts: Sequence[int]) -> list[Times]:
    """Cut `bullet` in proportion to each piece's spoken words (a piece without any counts as one)."""
    weights = [max(1, count) for count in wor_counts]
    total = sum(weights)
    begin, end = bullet
    edges = [begin]
    running = 0
    for weight in weights:
        running += weight
        edges.append(begin + round((end - begin) * running / total))
    return [(edges[i], edges[i + 1]) for i in range(len(weights))]


def _consistent(spans: Sequence[Times]) -> bool:
    starts_ok = all(start < end for start, end in spans)
    ordered = all(spans[i][0] <= spans[i + 1][0] for i in range(len(spans) - 1))
    return starts_ok and ordered
