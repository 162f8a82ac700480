"""apertium's stream format for one utterance per null-flushed block (hotfolder/commands/translate/stream.py)."""

from __future__ import annotations

import pytest

from hotfolder.commands.translate.stream import block, blocks, text


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("big bird", "big bird[][\n]\0"),
        ("a[b] c^d $e f/g h@i <j> {k} l\\m", "a\\[b\\] c\\^d \\$e f\\/g h\\@i \\<j\\> \\{k\\} l\\\\m[][\n]\0"),
        ("n~o", "n[~]o[][\n]\0"),  # ~ would trigger post-generation rules
        ("x\0y", "x y[][\n]\0"),  # a NUL inside would end the block early
    ],
)
def test_block(line: str, written: str) -> None:
    assert block(line) == written


@pytest.mark.parametrize(
    ("piece", "plain"),
    [
        ("Pájaro grande[][\n]", "Pájaro grande"),
        ("Un\\[*b\\] *c\\^*d \\$*e *f\\/g", "Un[*b] *c^*d $*e *f/g"),
        ("*n[~]*o", "*n~*o"),
        ("  dos[ ]  palabras\n", "dos palabras"),
    ],
)
def test_text(piece: str, plain: str) -> None:
    assert text(piece) == plain


def test_blocks_takes_the_count_asked_and_ignores_the_closing_nuls() -> None:
    assert blocks("Uno[][\n]\0Dos[][\n]\0\0\0\0", 2) == ["Uno", "Dos"]
    assert blocks("\0Dos\0", 2) == ["", "Dos"]  # an utterance that came back empty keeps its place
    assert blocks("Uno\0", 2) is None
    assert blocks("Uno\0Dos", 2) is None  # the second block was never closed
    assert blocks("Uno\0Dos\0Tres\0", 2) is None
