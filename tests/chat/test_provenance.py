"""Provenance comments: one per command, after the last @ID, read back as ProvenanceEntry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import hotfolder.chat as chat
from hotfolder.chat import ProvenanceEntry
from tests.chat.conftest import corpus_file

WHEN = datetime(2026, 5, 1, 12, 30, 5, 123456, tzinfo=UTC)
MOR_GRA = "chatter/corpus/reference/tiers/mor-gra.cha"


def test_insert_after_last_id_then_replace_in_place() -> None:
    original = corpus_file(MOR_GRA).read_text(encoding="utf-8")
    parsed = chat.loads(original)
    parsed.set_provenance("morphotag", {"engine": "spacy", "model": "en_core_web_sm==3.8.0"}, WHEN)
    parsed.set_provenance("align", {}, WHEN + timedelta(hours=1))
    lines = chat.dumps(parsed).split("\n")
    assert lines[5].startswith("@ID:\teng|corpus|MOT")
    assert lines[6] == "@Comment:\t[hf morphotag | engine=spacy ; model=en_core_web_sm==3.8.0 | 2026-05-01T12:30:05+00:00]"
    assert lines[7] == "@Comment:\t[hf align | | 2026-05-01T13:30:05+00:00]"
    parsed.set_provenance("morphotag", {"engine": "stanza"}, WHEN + timedelta(days=1))
    assert parsed.provenance() == [
        ProvenanceEntry("morphotag", {"engine": "stanza"}, "2026-05-02T12:30:05+00:00"),
        ProvenanceEntry("align", {}, "2026-05-01T13:30:05+00:00"),
    ]
    text = chat.dumps(parsed)
    assert text.count("[hf ") == 2
    assert text.replace(lines[7] + "\n", "").replace(
        "@Comment:\t[hf morphotag | engine=stanza | 2026-05-02T12:30:05+00:00]\n", ""
    ) == original
    assert parsed.utterances[0].line == 14


def test_duplicates_of_a_command_collapse_to_one_and_others_stay() -> None:
    text = (
        "@UTF8\r\n@Begin\r\n@Participants:\tCHI Child\r\n@ID:\teng|c|CHI|||||Child|||\r\n"
        "@Comment:\t[hf utseg | a=1 | 2020-01-01T00:00:00]\r\n@Comment:\tplain words\r\n"
        "@Comment:\t[hf utseg | a=2 | 2020-01-02T00:00:00]\r\n@End\r\n"
    )
    parsed = chat.loads(text)
    assert [e.fields["a"] for e in parsed.provenance()] == ["1", "2"]
    parsed.set_provenance("utseg", {"a": "3"}, datetime(2021, 1, 1))
    assert chat.dumps(parsed) == (
        "@UTF8\r\n@Begin\r\n@Participants:\tCHI Child\r\n@ID:\teng|c|CHI|||||Child|||\r\n"
        "@Comment:\t[hf utseg | a=3 | 2021-01-01T00:00:00]\r\n@Comment:\tplain words\r\n@End\r\n"
    )


@pytest.mark.parametrize(
    ("text", "after"),
    [
        ("@UTF8\n@Begin\n@Participants:\tCHI Child\n@End\n", "@Participants:\tCHI Child\n"),
        ("@UTF8\n@Begin\n@End\n", "@Begin\n"),
        ("@UTF8\n*CHI:\thi .\n", "@UTF8\n"),
    ],
)
def test_anchor_falls_back_when_there_is_no_id(text: str, after: str) -> None:
    parsed = chat.loads(text)
    parsed.set_provenance("translate", {"to": "eng"}, WHEN)
    assert after + "@Comment:\t[hf translate | to=eng | 2026-05-01T12:30:05+00:00]\n" in chat.dumps(parsed)


def test_a_file_with_no_header_gets_it_at_the_top() -> None:
    parsed = chat.loads("*CHI:\thi .")
    parsed.set_provenance("utseg", {}, WHEN)
    assert chat.dumps(parsed) == "@Comment:\t[hf utseg | | 2026-05-01T12:30:05+00:00]\n*CHI:\thi ."


@pytest.mark.parametrize(
    ("command", "fields"),
    [("two words", {}), ("", {}), ("ok", {"k": "a;b"}), ("ok", {"k": "a|b"}), ("ok", {"k k": "v"}),
     ("ok", {"k": "v]"}), ("ok", {"k": " v"}), ("ok", {"k": "line\nbreak"}), ("ok", {"": "v"})],
)
def test_text_that_would_not_read_back_is_refused(command: str, fields: dict[str, str]) -> None:
    parsed = chat.loads("@UTF8\n@Begin\n@End\n")
    with pytest.raises(chat.ChatError):
        parsed.set_provenance(command, fields, WHEN)
    assert chat.dumps(parsed) == "@UTF8\n@Begin\n@End\n"


def test_ordinary_comments_are_not_provenance() -> None:
    parsed = chat.load(corpus_file("testchat/good/headers.cha"))
    assert parsed.provenance() == []
    parsed = chat.loads("@UTF8\n@Comment:\t[hf broken\n@Comment:\t[hf x | k=v ; w | t]\n")
    assert parsed.provenance() == [ProvenanceEntry("x", {"k": "v"}, "t")]
