"""The plain main-tier shortcut (no tokens built) agrees with the tokenizer on chunks and terminator."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hotfolder.chat as chat
from hotfolder.chat import TokenKind
from hotfolder.chat.tokens import tokenize
from hotfolder.chat.words import plain_chunks, plain_terminator
from tests.chat.conftest import ALL_CHA, corpus_id


def _utterance(main: str) -> chat.Utterance:
    return chat.loads(f"@UTF8\n@Begin\n*CHI:\t{main}\n@End\n").utterances[0]


def _agrees(text: str) -> bool:
    """Check the shortcut against the tokens; True when the text was plain."""
    chunks = plain_chunks(text)
    if chunks is None:
        return False
    assert chunks == [token.text for token in tokenize(text) if token.kind is not TokenKind.BULLET], text
    tokenized = _utterance(text)
    tokenized.tokens  # noqa: B018 - with tokens built, the terminator comes from them
    assert plain_terminator(chunks) == tokenized.terminator, text
    assert _utterance(text).terminator == tokenized.terminator, text
    return True


@pytest.mark.parametrize("path", ALL_CHA, ids=corpus_id)
def test_plain_shortcut_agrees_with_the_tokenizer_on_the_corpus(path: Path) -> None:
    for utterance in chat.load(path).utterances:
        _agrees(utterance.main_text)


def test_the_corpus_has_plain_tiers_with_and_without_terminators() -> None:
    texts = [utterance.main_text for path in ALL_CHA for utterance in chat.load(path).utterances]
    plain = [chunks for chunks in map(plain_chunks, texts) if chunks is not None]
    ends = {plain_terminator(chunks) for chunks in plain}
    assert len(plain) > len(texts) / 2
    assert {".", "?", "!", "+...", None} <= ends


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["hi", "&-um", "xxx", "(.)", "a@s:fra", ".", "?", "+...", "+//.", "+<", "0", "\x151_2\x15", "\x15",
     "12_40", "12_40-", "⌈", "word⌉", "&=laughs", "no::", "[/]", ",", "→", "[+ bch]", "<a", "b>"]
), max_size=10).map(" ".join))
def test_plain_shortcut_agrees_on_generated_utterances(text: str) -> None:
    _agrees(text)


@pytest.mark.parametrize(
    ("main", "terminator"),
    [("I want cookies .", "."), ("what ? \x15100_200\x15", "?"), ("so +... 12_40", "+..."),
     ("no end here", None), ("12_40", None), (". 1_2 3_4", ".")],
)
def test_plain_terminators(main: str, terminator: str | None) -> None:
    assert _agrees(main)
    assert _utterance(main).terminator == terminator
