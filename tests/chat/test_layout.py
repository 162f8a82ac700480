"""Line numbers stay right however many tiers writers insert, replace or remove.

Writers only mark the layout changed; lines are counted again when something
asks for one (an error, `validate`, `records`). These tests compare every line
the edited file reports with a fresh parse of its text.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotfolder.chat as chat

WHEN = datetime(2026, 1, 1)
FULL_MOR = "pron|I verb|want adj|more noun|cookie ."
FULL_GRA = "1|2|NSUBJ 2|0|ROOT 3|4|AMOD 4|2|OBJ 5|2|PUNCT"
HEAD = (
    "@UTF8\r\n@Begin\r\n@Languages:\teng\r\n@Participants:\tCHI Target_Child\r\n"
    "@ID:\teng|c|CHI|||||Target_Child|||\r\n"
)


def large_file(utterances: int) -> str:
    """Every seventh main tier spans a continuation line; every fifth has a %com tier."""
    lines = []
    for number in range(utterances):
        words = "I want\r\n\tmore cookies ." if number % 7 == 0 else "I want more cookies ."
        lines.append(f"*CHI:\t{words}\r\n")
        if number % 5 == 0:
            lines.append(f"%com:\tnote {number}\r\n")
    return HEAD + "".join(lines) + "@End\r\n"


def lines_of(parsed: chat.ChatFile) -> tuple[list[tuple[int, str]], list[int], list[tuple[str, int]]]:
    """(line, text) of every record, the line of every utterance, and the header lines."""
    return (
        [(record.line, record.text) for record in parsed.records],
        [utterance.line for utterance in parsed.utterances],
        [(header.name, header.line) for header in parsed.headers],
    )


def test_thousands_of_inserted_tiers_keep_lines_right_for_validate_and_errors() -> None:
    text = large_file(3000)
    parsed = chat.loads(text)
    assert parsed.records[-1].line == text.count("\n")  # numbered once before the writes, as a reader does
    for number, utterance in enumerate(parsed.utterances):
        # Every hundredth %mor has an item too few: CHECK 140 on the %mor line.
        short = number % 100 == 0
        utterance.set_tier("gra", "1|2|NSUBJ 2|0|ROOT 3|2|OBJ 4|2|PUNCT" if short else FULL_GRA)
        utterance.set_tier("mor", "pron|I verb|want noun|cookie ." if short else FULL_MOR)
        if number % 3 == 0:
            utterance.set_tier("xtra", "flag")
        if number % 5 == 0:
            utterance.remove_tier("com")
    parsed.set_provenance("morphotag", {"engine": "spacy"}, WHEN)
    again = chat.loads(chat.dumps(parsed))
    assert lines_of(parsed) == lines_of(again)
    issues = chat.validate(parsed)
    assert issues == chat.validate(again)
    mor_lines = [record.line for record in again.records if record.text.startswith("%mor:\tpron|I verb|want noun")]
    assert [issue.line for issue in issues if issue.code == "CHECK 140"] == mor_lines
    assert len(mor_lines) == 30
    last = parsed.utterances[-1]
    with pytest.raises(chat.ChatError) as raised:
        last.set_tier("mor", "a\r\nb")
    assert (raised.value.line, raised.value.code) == (again.utterances[-1].line, "CHECK 86")


def test_an_error_right_after_inserts_names_the_line_the_file_will_have() -> None:
    parsed = chat.loads(large_file(40))
    first, *_, last = parsed.utterances
    first.set_tier("mor", FULL_MOR)
    first.set_tier("gra", FULL_GRA)
    with pytest.raises(chat.ChatError) as raised:
        last.set_tier("bad name", "x")
    assert raised.value.code == "CHECK 17"
    assert raised.value.line == chat.loads(chat.dumps(parsed)).utterances[-1].line


OPERATIONS = st.lists(
    st.tuples(
        st.sampled_from(["set", "remove", "provenance", "bullet", "look"]),
        st.integers(0, 39),
        st.sampled_from(["mor", "gra", "wor", "com", "xtra"]),
        st.sampled_from(["co|hi .", "a\tb", "wrapped " * 12 + "."]),
    ),
    max_size=40,
)


@given(OPERATIONS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_sequence_of_writes_and_reads_keeps_every_line_right(
    operations: list[tuple[str, int, str, str]],
) -> None:
    parsed = chat.loads(large_file(40))
    utterances = parsed.utterances
    for action, index, name, content in operations:
        utterance = utterances[index]
        if action == "set":
            utterance.set_tier(name, content)
        elif action == "remove":
            utterance.remove_tier(name)
        elif action == "provenance":
            parsed.set_provenance(name, {"n": str(index)}, WHEN)
        elif action == "bullet":
            utterance.set_bullet(index * 1000, index * 1000 + 500)
        else:  # a read in the middle of a burst of writes
            assert utterance.line == chat.loads(chat.dumps(parsed)).utterances[index].line
    again = chat.loads(chat.dumps(parsed))
    assert lines_of(parsed) == lines_of(again)
    assert chat.validate(parsed) == chat.validate(again)
