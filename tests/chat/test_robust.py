"""No input makes the library raise anything but ChatError; every mutant that parses round-trips."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hotfolder.chat as chat
from tests.chat.conftest import ALL_CHA

CORPUS_BYTES = [path.read_bytes() for path in ALL_CHA]
INSERTS = [b"\x15", b"\t", b"\x00", b"\xff", b"\xc3", b"\r", b"\n", b"\n\t", b"[", b"]", b"<", b">",
           b"\xe2\x8c\x88", b" ", b"@", b"*", b"%", b":", b"|", b"[: ", b"[/] ", b"\x1512_", b"_9\x15", b"+..."]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    lines = draw(st.sampled_from(CORPUS_BYTES)).split(b"\n")
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "insert", "truncate"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [b""]
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "cut" and lines[i]:
            a = draw(st.integers(0, len(lines[i]) - 1))
            b = draw(st.integers(a, len(lines[i])))
            lines[i] = lines[i][:a] + lines[i][b:]
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(st.sampled_from(INSERTS)) + lines[i][at:]
        elif action == "truncate":
            data = b"\n".join(lines)
            lines = data[: draw(st.integers(0, len(data)))].split(b"\n")
    return b"\n".join(lines)


def read_everything(parsed: chat.ChatFile) -> None:
    """Every reader a command may call; none may raise."""
    parsed.headers, parsed.languages, parsed.participants, parsed.ids, parsed.media, parsed.options
    parsed.provenance()
    chat.validate(parsed)
    for utterance in parsed.utterances:
        utterance.speaker, utterance.line, utterance.main_text, utterance.tokens, utterance.terminator
        utterance.postcodes, utterance.language, utterance.bullet, utterance.tiers, utterance.tier("mor")
        utterance.mor_words(), utterance.wor_words()


def write_everything(parsed: chat.ChatFile) -> None:
    """Every writer, on whatever the file holds; ChatError is the only refusal allowed."""
    for number, utterance in enumerate(parsed.utterances[:5]):
        writers: list[Callable[[], None]] = [
            lambda: utterance.set_bullet(number * 10, number * 10 + 5),
            lambda: utterance.set_tier("mor", " ".join("x|y" for _ in utterance.mor_words()) + " ."),
            lambda: utterance.set_wor([(w.text, (1, 2)) for w in utterance.wor_words() if w.text.isprintable()]),
            lambda: utterance.remove_tier("gra"),
        ]
        for write in writers:
            try:
                write()
            except chat.ChatError as error:
                assert error.line is not None or error.code is None
    parsed.set_provenance("morphotag", {"engine": "test"}, datetime(2026, 1, 1))


@SETTINGS
@given(mutants())
def test_mutated_corpus_files_parse_or_raise_chat_error(data: bytes) -> None:
    try:
        parsed = chat.from_bytes(data)
    except chat.ChatError as error:
        assert error.line is not None and error.line >= 1
        assert error.code == "CHECK 86"
        return
    assert chat.to_bytes(parsed) == data
    read_everything(parsed)
    write_everything(parsed)
    written = chat.to_bytes(parsed)
    reread = chat.from_bytes(written)
    assert chat.to_bytes(reread) == written
    read_everything(reread)


PIECES = ["\n", "\t", "\x15", "\r\n", "\r", "*CHI:\t", "%mor:\t", "@", "<", ">", "[/]", "[: ", "]", " .", "12_40"]
TEXTS = st.lists(st.text(st.characters(codec="utf-8"), max_size=8) | st.sampled_from(PIECES)).map("".join)


@SETTINGS
@given(TEXTS)
def test_any_text_parses_or_raises_chat_error(text: str) -> None:
    try:
        parsed = chat.loads(text)
    except chat.ChatError as error:
        assert error.line is not None and error.code == "CHECK 86"
        assert "\x00" in text
        return
    assert chat.dumps(parsed) == text
    read_everything(parsed)
    write_everything(parsed)
    assert chat.dumps(chat.loads(chat.dumps(parsed))) == chat.dumps(parsed)
