"""utseg's pure parts: cut places on main tiers, piece texts, bullets for the pieces."""

from __future__ import annotations

import pytest

from hotfolder.chat.tokens import tokenize
from hotfolder.commands.utseg.cuts import layout, piece_mains, piece_ranges, terminator_index
from hotfolder.commands.utseg.timing import parse_wor, piece_bullets, proportional

NAK = "\x15"


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # word index -> token index of the earliest cut place before that word
        ("a b c .", {1: 1, 2: 2}),
        # a filler before a word goes with it; a comma stays on the left
        ("a , &-um (.) b .", {1: 2}),
        # a pause stays with the piece before: a piece never starts with a pause
        ("a (.) b (..) (...) c .", {1: 2, 2: 5}),
        ("a , (.) &-uh b .", {1: 3}),
        # nothing inside a group, and never between an item and its annotation
        ("<a b> [/] a b c .", {1: 6, 2: 7}),
        ("a b [: c d] e .", {1: 1, 3: 3}),  # c d replace b: no cut between them
        # linkers and precodes before the first word are not cut places
        ("+< [- fra] a b .", {1: 3}),
    ],
)
def test_cut_places(text: str, starts: dict[int, int]) -> None:
    found = layout(tokenize(text), ca=False)
    assert found is not None
    assert found.starts == starts


def test_spoken_words_before_each_cut_count_fillers_and_retraces() -> None:
    found = layout(tokenize("<a b> [/] a &-um b c ."), ca=False)
    assert found is not None
    # %mor words: a b c (the first a b are retraced); %wor words: a b a um b c
    assert found.starts == {1: 6, 2: 8}
    assert found.wor_before == {6: 3, 8: 5}


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("a b .", 2),
        (f"a b ? [+ bch] {NAK}1_2{NAK}", 2),
        ("a b", None),  # no terminator: not cut
    ],
)
def test_terminator_index(text: str, index: int | None) -> None:
    assert terminator_index(tokenize(text)) == index


def test_no_layout_without_terminator_or_with_a_bullet_inside() -> None:
    assert layout(tokenize("a b c"), ca=False) is None
    assert layout(tokenize(f"a {NAK}1_2{NAK} b ."), ca=False) is None


def test_piece_ranges() -> None:
    assert piece_ranges([2, 5], 7) == [(0, 2), (2, 5), (5, 7)]
    assert piece_ranges([], 3) == [(0, 3)]


def test_piece_mains_carry_precode_postcodes_and_bullets() -> None:
    text = f"[- fra] a b ,\n\tc d ? [+ bch] {NAK}0_9{NAK}"
    found = layout(tokenize(text), ca=False)
    assert found is not None
    ranges = piece_ranges([found.starts[2]], found.end)
    mains = piece_mains(text, found, ranges, [".", "?"], [f"{NAK}0_4{NAK}", ""], "fra")
    assert mains == [f"[- fra] a b . [+ bch] {NAK}0_4{NAK}", "[- fra] c d ? [+ bch]"]


def test_parse_wor_pairs_words_with_their_bullets() -> None:
    content = f"[- fra] a {NAK}10_20{NAK} b c {NAK}30_40{NAK} ."
    assert parse_wor(content) == [("a", (10, 20)), ("b", None), ("c", (30, 40))]


@pytest.mark.parametrize(
    ("counts", "timings", "bullet", "expected"),
    [
        # %wor bullets: each piece spans its own words
        ([2, 1], [(100, 200), (200, 300), (500, 600)], (0, 700), [(100, 300), (500, 600)]),
        # a piece without a timed word: the utterance bullet is shared by spoken words
        ([2, 1], [(100, 200), (200, 300), None], (0, 900), [(0, 600), (600, 900)]),
        # no %wor
        ([1, 3], None, (1000, 2000), [(1000, 1250), (1250, 2000)]),
        # no bullet: no bullet on any piece
        ([1, 3], None, None, [None, None]),
        # too short to share: the utterance is not cut
        ([1, 1, 1], None, (0, 2), None),
        # word bullets going backwards and no room to share: not cut
        ([1, 1], [(500, 600), (100, 200)], (0, 1), None),
    ],
)
def test_piece_bullets(
    counts: list[int],
    timings: list[tuple[int, int] | None] | None,
    bullet: tuple[int, int] | None,
    expected: list[tuple[int, int] | None] | None,
) -> None:
    assert piece_bullets(counts, timings, bullet) == expected


def test_proportional_counts_a_piece_without_spoken_words_as_one() -> None:
    assert proportional((0, 300), [0, 2]) == [(0, 100), (100, 300)]
