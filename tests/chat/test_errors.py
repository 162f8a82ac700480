"""ChatError: a HotfolderError with message, line and code, raised for what no CHAT file can hold."""

from __future__ import annotations

from pathlib import Path

import pytest

import hotfolder.chat as chat
from hotfolder.errors import HotfolderError
from tests.chat.conftest import corpus_file


def test_chat_error_shape() -> None:
    error = chat.ChatError("bullet start 5 must be smaller than end 5", 12, "CHECK 82")
    assert isinstance(error, HotfolderError)
    assert (error.message, error.line, error.code) == ("bullet start 5 must be smaller than end 5", 12, "CHECK 82")
    assert str(error) == "line 12: CHECK 82: bullet start 5 must be smaller than end 5"
    assert str(chat.ChatError("no place")) == "no place"
    assert str(chat.ChatError("no code", 3)) == "line 3: no code"


def test_invalid_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    data = corpus_file("testchat/good/commenturl.cha").read_bytes().replace(b"what why", b"what \xff why")
    target = tmp_path / "broken.cha"
    target.write_bytes(data)
    with pytest.raises(chat.ChatError) as raised:
        chat.load(target)
    assert (raised.value.line, raised.value.code) == (7, "CHECK 86")
    assert "0xff" in raised.value.message


def test_a_cut_multibyte_character_at_the_end_is_reported() -> None:
    with pytest.raises(chat.ChatError) as raised:
        chat.from_bytes("@UTF8\n*CHI:\tñ".encode()[:-1])
    assert raised.value.line == 2


def test_utf16_files_are_named_as_such() -> None:
    with pytest.raises(chat.ChatError, match="UTF-16"):
        chat.from_bytes("@UTF8\n".encode("utf-16"))


@pytest.mark.parametrize(("text", "line"), [("@UTF8\n\x00\n", 2), ("@UTF8\r\n@Begin\r\n*CHI:\t\ud800 .", 3)])
def test_nul_and_lone_surrogates_are_refused(text: str, line: int) -> None:
    with pytest.raises(chat.ChatError) as raised:
        chat.loads(text)
    assert (raised.value.line, raised.value.code) == (line, "CHECK 86")


def test_a_missing_file_is_an_os_error_not_a_chat_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        chat.load(tmp_path / "absent.cha")
