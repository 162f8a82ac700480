"""Where a main tier may be cut into utterances, and what each piece's main tier reads.

A cut falls between two items at the top level: never inside a `<...>`
group, never between an item and the annotations after it (`[/]`, `[: x]`,
`[>]`), and only before a word or a group. So material that is not a %mor
word (a filler, a retraced group) before a sentence's first word goes with that
sentence, but a pause there stays with the piece before: a piece never starts
with a pause. Counting the %mor and %wor words of the tokens before
a cut tells which parsed word starts the piece and which %wor bullets go with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hotfolder.chat.tokens import Token, TokenKind
from hotfolder.chat.words import mor_words, wor_words

CUT_BEFORE = frozenset({TokenKind.WORD, TokenKind.GROUP_OPEN})
_TAIL = frozenset({TokenKind.BULLET, TokenKind.ANNOTATION, TokenKind.TIMESTAMP})
_TIMES = frozenset({TokenKind.BULLET, TokenKind.TIMESTAMP})


@dataclass(frozen=True)
class Layout:
    """The cut places of one main tier."""

    tokens: list[Token]
    end: int  # index of the terminator; the tokens after it are the tail (postcodes, bullet)
    starts: dict[int, int]  # %mor word index -> token index where a piece starting there begins
    wor_before: dict[int, int]  # token index of a cut place -> %wor words before it

    @property
    def terminator(self) -> str:
        return self.tokens[self.end].text


def terminator_index(tokens: Sequence[Token]) -> int | None:
    """Index of the terminator, when only postcodes and bullets follow it."""
    index = len(tokens)
    while index and tokens[index - 1].kind in _TAIL:
        index -= 1
    if index and tokens[index - 1].kind is TokenKind.TERMINATOR:
        return index - 1
    return None


def layout(tokens: list[Token], *, ca: bool) -> Layout | None:
    """The cut places of a main tier; None when it has no terminator or a bullet inside."""
    end = terminator_index(tokens)
    if end is None or any(token.kind in _TIMES for token in tokens[:end]):
        return None
    starts: dict[int, int] = {}
    wor_before: dict[int, int] = {}
    depth = 0
    for index, token in enumerate(tokens[:end]):
        if depth == 0 and index and token.kind in CUT_BEFORE:
            before = tokens[:index]
            count = sum(1 for word in mor_words(before, ca=ca) if not word.is_separator)
            if count and count not in starts:  # the earliest place before that word
                starts[count] = index
                wor_before[index] = len(wor_words(before, ca=ca))
        if token.kind is TokenKind.GROUP_OPEN:
            depth += 1
        elif token.kind is TokenKind.GROUP_CLOSE:
            depth = max(0, depth - 1)
    return Layout(tokens, end, starts, wor_before)


def piece_ranges(cuts: Sequence[int], end: int) -> list[tuple[int, int]]:
    """Token ranges of the pieces: `[0, cut1)`, `[cut1, cut2)` ... `[cutN, end)`."""
    edges = [0, *cuts, end]
    return [(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def piece_mains(
    main_text: str,
    found: Layout,
    ranges: Sequence[tuple[int, int]],
    terminators: Sequence[str],
    bullets: Sequence[str],
    precode: str | None,
) -> list[str]:
    """The main tier content of each piece.

    Every piece but the first repeats the `[- lang]` precode; each gets its
    terminator, the `[+ ...]` postcodes (they describe the whole utterance) and
    its bullet text (may be empty). The last keeps the original tail's other
    annotations. Separators just before a cut are dropped (`cats , .`).
    """
    tokens = found.tokens
    tail = tokens[found.end + 1 :]
    postcodes = [token.text for token in tail if token.is_postcode]
    last_tail = [token.text for token in tail if token.kind is TokenKind.ANNOTATION]
    mains = []
    for number, (low, high) in enumerate(ranges):
        last = number == len(ranges) - 1
        while not last and high > low + 1 and tokens[high - 1].kind is TokenKind.SEPARATOR:
            high -= 1
        body = " ".join(main_text[tokens[low].start : tokens[high - 1].end].split())
        items = [f"[- {precode}]"] if precode and number else []
        items += [body, terminators[number], *(last_tail if last else postcodes)]
        if bullets[number]:
            items.append(bullets[number])
        mains.append(" ".join(items))
    return mains
