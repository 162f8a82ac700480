"""Lossless: reading and writing back changes no byte, for real files and for every odd layout."""

from __future__ import annotations

from pathlib import Path

import pytest

import hotfolder.chat as chat
from tests.chat.conftest import ALL_CHA, CORPUS, corpus_file, corpus_id


def test_the_corpus_is_there() -> None:
    assert len(ALL_CHA) >= 60, f"expected the shared corpus under {CORPUS}"


@pytest.mark.parametrize("path", ALL_CHA, ids=corpus_id)
def test_every_corpus_file_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    assert chat.to_bytes(chat.from_bytes(data)) == data
    text = data.decode("utf-8")
    assert chat.dumps(chat.loads(text)) == text


def test_load_and_dump_write_the_same_bytes(tmp_path: Path) -> None:
    source = corpus_file("batchalign3/batchalign/tests/formats/chat/support/test.cha")
    target = tmp_path / "copy.cha"
    chat.dump(chat.load(source), target)
    assert target.read_bytes() == source.read_bytes()


# A small hand-made file (modelled on chatter's reference corpus) that each variant below bends.
BASE = (
    "@UTF8\n"
    "@Begin\n"
    "@Languages:\teng\n"
    "@Participants:\tCHI Target_Child, MOT Mother\n"
    "@ID:\teng|corpus|CHI|3;00.||||Target_Child|||\n"
    "@ID:\teng|corpus|MOT|||||Mother|||\n"
    "@Media:\tbase, audio\n"
    "*CHI:\tI want cookies . \x15100_900\x15\n"
    "%mor:\tpron|I verb|want noun|cookie-Plur .\n"
    "*MOT:\tyou want <a cookie> [/] a cookie ? \x151000_2000\x15\n"
    "@End\n"
)

VARIANTS = {
    "lf": BASE,
    "crlf": BASE.replace("\n", "\r\n"),
    "lone_cr": BASE.replace("\n", "\r"),
    "bom": "\ufeff" + BASE,
    "bom_crlf": "\ufeff" + BASE.replace("\n", "\r\n"),
    "no_final_newline": BASE[:-1],
    "crlf_no_final_newline": BASE.replace("\n", "\r\n")[:-2],
    "trailing_spaces": BASE.replace(" .", " .  ").replace("@Begin\n", "@Begin \n"),
    "blank_lines": BASE.replace("@Begin\n", "@Begin\n\n").replace("@End\n", "\n   \n@End\n\n"),
    "font_window_pre_begin": BASE.replace(
        "@Begin\n", "@PID:\t11312/c-1\n@Font:\tWin:Courier New:14:25\n@Window:\t0_0_1_1_-1_-1\n@Begin\n"
    ),
    "unknown_headers_and_tiers": BASE.replace(
        "@End\n", "@Flavour:\tvanilla\n@Bg\n%trn:\tqn|more .\n%umor:\tx|y .\n%xpho:\twi\n@New Episode\n@End\n"
    ),
    "continuation_lines": BASE.replace("I want cookies .", "I want\n\tcookies .").replace(
        "CHI Target_Child, MOT Mother", "CHI Target_Child,\n\tMOT Mother"
    ),
    "crlf_continuation": BASE.replace("I want cookies .", "I want\n\tcookies .").replace("\n", "\r\n"),
    "skip_bullet": BASE.replace("\x15100_900\x15", "\x15100_900-\x15"),
    "bullets_between_words": BASE.replace("I want cookies .", "I \x150_50\x15 want \x1550_90\x15 cookies ."),
    "malformed_bullets": BASE.replace("\x15100_900\x15", "100_900 \x15oops").replace("@End", "\x15\x15@End"),
    "space_after_colon": BASE.replace("*CHI:\t", "*CHI: "),
    "tabs_everywhere": BASE.replace(" want ", "\twant\t"),
    "empty": "",
    "only_newlines": "\n\n\r\n",
    "not_chat": "hello world, this is not CHAT at all\n\t\tindented\n",
    "pic_bullet": BASE.replace("@End", '@Comment:\tpic \x15%pic:"a18/image002.jpg"\x15\n@End'),
    "non_ascii": BASE.replace("cookies", "galletas ñ 我 ʔ").replace("eng", "spa"),
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_round_trips(name: str) -> None:
    text = VARIANTS[name]
    assert chat.dumps(chat.loads(text)) == text
    data = text.encode("utf-8")
    assert chat.to_bytes(chat.from_bytes(data)) == data


@pytest.mark.parametrize("name", ["lf", "crlf", "lone_cr", "bom", "no_final_newline", "continuation_lines"])
def test_variant_still_reads_as_chat(name: str) -> None:
    parsed = chat.loads(VARIANTS[name])
    assert [u.speaker for u in parsed.utterances] == ["CHI", "MOT"]
    assert parsed.utterances[0].bullet == (100, 900)
    assert [w.text for w in parsed.utterances[0].mor_words()] == ["I", "want", "cookies"]
    assert parsed.utterances[0].tier("mor") == "pron|I verb|want noun|cookie-Plur ."
    assert parsed.languages == ["eng"]


def test_bom_and_newline_style_are_remembered() -> None:
    parsed = chat.loads(VARIANTS["bom_crlf"])
    assert parsed.bom is True
    assert parsed.newline == "\r\n"
    assert chat.loads(VARIANTS["lone_cr"]).newline == "\r"
    assert chat.loads(BASE).newline == "\n"


def test_line_numbers_count_every_break_style() -> None:
    for name in ("lf", "crlf", "lone_cr"):
        parsed = chat.loads(VARIANTS[name])
        assert [u.line for u in parsed.utterances] == [8, 10], name
    parsed = chat.loads(VARIANTS["continuation_lines"])
    assert [u.line for u in parsed.utterances] == [9, 12]
