"""Terminators glued to the word before them are read as CLAN reads them: word, then terminator."""

from __future__ import annotations

import pytest

from hotfolder.chat import loads, validate
from hotfolder.chat.glued import glued_cut, has_glued


def chat(*mains: str) -> str:
    lines = ["@UTF8", "@Begin", "@Languages:\teng", "@Participants:\tMOT Mother",
             "@ID:\teng|x|MOT|||||Mother|||", *(f"*MOT:\t{m}" for m in mains), "@End", ""]  # fmt: skip
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("chunk", "cut"),
    [
        ("pant.", 4), ("púpa?", 4), ("0.", 1), ("xxx.", 3), ("dog+...", 3), ("dog+//.", 3), ("ice+cream.", 9),
        ("(.).", 3), ("yes!", 3), ("a.m.", 3),
        # untouched: no glued terminator, or a malformed end guessing would move text across
        ("dog", 0), ("(.)", 0), ("(1.5)", 0), ("+...", 0), (".", 0), ("dog...", 0), ("no?.", 0), ("dog/.", 0), ('+"/.', 0),
    ],
)  # fmt: skip
def test_where_a_chunk_is_cut(chunk: str, cut: int) -> None:
    assert glued_cut(chunk) == cut


@pytest.mark.parametrize(
    ("main", "words", "terminator"),
    [
        ("go change your pant.", ["go", "change", "your", "pant"], "."),
        ("good night, Father.", ["good", "night", ",", "Father"], "."),
        ("is it yours?", ["is", "it", "yours"], "?"),
        ("0.", [], "."),
        ("and then+...", ["and", "then"], "+..."),
        ("<a big> [/] a big dog.", ["a", "big", "dog"], "."),
        ("go home . \x150_1200\x15", ["go", "home"], "."),
    ],
)
def test_words_exclude_the_glued_terminator_and_the_terminator_is_found(main: str, words: list[str], terminator: str) -> None:
    (utterance,) = loads(chat(main)).utterances
    assert [w.text for w in utterance.mor_words()] == words
    assert utterance.terminator == terminator


def test_the_file_round_trips_byte_for_byte() -> None:
    text = chat("go change your pant.", "0.", "and then+...")
    from hotfolder.chat import dumps

    assert dumps(loads(text)) == text


def test_the_validator_reports_check_93_with_the_line_and_the_word() -> None:
    issues = validate(loads(chat("go home .", "go change your pant.", "0.")))
    assert [(i.code, i.line) for i in issues] == [("CHECK 93", 7), ("CHECK 93", 8)]
    assert "'pant'" in issues[0].message and "'.'" in issues[0].message


def test_a_glued_terminator_before_more_words_is_also_check_36() -> None:
    issues = validate(loads(chat("stop. go home .")))
    assert {i.code for i in issues} == {"CHECK 93", "CHECK 36"}


def test_spaced_files_have_no_glued_terminator() -> None:
    assert not has_glued("go home . [+ bch]")
    assert not has_glued("&=laughs [=! laughs] go home !")  # inside an annotation: not a terminator
    assert has_glued("[=! laughs] go home!")
    assert not has_glued("(.) well (1.5) +...")
    assert has_glued("go home.")
