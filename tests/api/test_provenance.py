"""Provenance comments read back from an output CHAT header (format: hotfolder.chat.provenance)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from hotfolder.api.provenance import header_lines, parse_provenance, read_provenance
from hotfolder.chat.provenance import format_entry

WHEN = datetime(2026, 4, 1, 8, 30, tzinfo=UTC)
HEADER = [
    "@UTF8",
    "@Begin",
    "@Languages:\teng",
    "@ID:\teng|corpus|CHI|||||Target_Child|||",
    "@Comment:\t" + format_entry("morphotag", {"engine": "spacy 3.8", "lang": "eng"}, WHEN),
    "@Comment:\t[hf align | engine=pocketsphinx 5.1.1 ; lang=eng |",
    "\t2026-04-01T08:31:00+00:00]",
    "@Comment:\tordinary comment",
    "@Comment:\t[ba3 utseg | engine=stanza | 2026-03-29T10:00:00Z]",
    "*CHI:\tnot a header .",
    "@Comment:\t[hf utseg | engine=spacy | 2026-04-02T00:00:00Z]",
]


def test_reads_what_the_chat_writer_writes_and_joins_continuations() -> None:
    entries = parse_provenance(HEADER)

    assert [(e.command, e.fields, e.timestamp) for e in entries] == [
        ("morphotag", {"engine": "spacy 3.8", "lang": "eng"}, "2026-04-01T08:30:00+00:00"),
        ("align", {"engine": "pocketsphinx 5.1.1", "lang": "eng"}, "2026-04-01T08:31:00+00:00"),
    ]


def test_stops_at_first_utterance() -> None:
    assert header_lines(HEADER)[-1].startswith("@Comment:\t[ba3 utseg")


def test_empty_fields_and_junk() -> None:
    lines = [
        "@Comment:\t" + format_entry("utseg", {}, WHEN),
        "@Comment:\t[hf broken",
        "@Comment:[hf x | | t]",
    ]

    entries = parse_provenance(lines)

    assert [(e.command, e.fields) for e in entries] == [("utseg", {})]


def test_read_file(tmp_path: Path) -> None:
    path = tmp_path / "a.cha"
    path.write_text("\r\n".join(HEADER) + "\r\n@End\r\n", encoding="utf-8")

    assert [e.command for e in read_provenance(tmp_path, PurePosixPath("a.cha"))] == ["morphotag", "align"]
    assert read_provenance(tmp_path, PurePosixPath("missing.cha")) == []
    os.symlink(path, tmp_path / "link.cha")
    os.mkfifo(tmp_path / "pipe.cha")  # opened without O_NONBLOCK this read would wait for a writer forever
    assert read_provenance(tmp_path, PurePosixPath("link.cha")) == []
    assert read_provenance(tmp_path, PurePosixPath("pipe.cha")) == []
