"""Provenance comments read back from an output CHAT header."""

from __future__ import annotations

from pathlib import Path

from hotfolder.api.provenance import header_lines, parse_provenance, read_provenance

HEADER = [
    "@UTF8",
    "@Begin",
    "@Languages:\teng",
    "@ID:\teng|corpus|CHI|||||Target_Child|||",
    "@Comment:\t[ba3 morphotag | engine=stanza ; lang=eng | 2026-03-29T10:00:00Z]",
    "@Comment:\t[hf align | engine=pocketsphinx 5.1.1 ; lang=eng |",
    "\t2026-04-01T08:30:00Z]",
    "@Comment:\tordinary comment",
    "*CHI:\tnot a header .",
    "@Comment:\t[hf utseg | engine=spacy | 2026-04-02T00:00:00Z]",
]


def test_parses_both_markers_and_continuations() -> None:
    entries = parse_provenance(HEADER)
    assert [(e.command, e.fields, e.timestamp) for e in entries] == [
        ("morphotag", {"engine": "stanza", "lang": "eng"}, "2026-03-29T10:00:00Z"),
        ("align", {"engine": "pocketsphinx 5.1.1", "lang": "eng"}, "2026-04-01T08:30:00Z"),
    ]


def test_stops_at_first_utterance() -> None:
    assert header_lines(HEADER)[-1] == "@Comment:\tordinary comment"


def test_empty_fields_and_junk() -> None:
    lines = ["@Comment:\t[hf utseg |  | 2026-04-02T00:00:00Z]", "@Comment:\t[hf broken"]
    entries = parse_provenance(lines)
    assert len(entries) == 1 and entries[0].fields == {}


def test_read_file(tmp_path: Path) -> None:
    path = tmp_path / "a.cha"
    path.write_text("\r\n".join(HEADER) + "\r\n@End\r\n", encoding="utf-8")
    assert [e.command for e in read_provenance(path)] == ["morphotag", "align"]
    assert read_provenance(tmp_path / "missing.cha") == []
