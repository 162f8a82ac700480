"""json-style entry points: loads/dumps on text, load/dump on files, from_bytes/to_bytes."""

from __future__ import annotations

import os
import re
from pathlib import Path

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatError, check_code
from hotfolder.chat.records import count_breaks, detect_newline, split_records

_UNREADABLE = re.compile(r"[\x00\ud800-\udfff]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def loads(text: str) -> ChatFile:
    """Parse CHAT text. Lenient: only text no CHAT file can hold (NUL, lone surrogates) raises."""
    bad = _UNREADABLE.search(text)
    if bad is not None:
        line = count_breaks(text[: bad.start()]) + 1
        raise ChatError(f"illegal character U+{ord(bad.group()):04X} in the text", line, check_code(86))
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    return ChatFile(split_records(body), bom=bom, newline=detect_newline(body))


def dumps(chat: ChatFile) -> str:
    return chat.to_text()


def from_bytes(data: bytes) -> ChatFile:
    """Decode UTF-8 (a BOM is kept) and parse; undecodable bytes raise ChatError with the line."""
    if data.startswith(_UTF16_BOMS):
        raise ChatError("the file is UTF-16; CHAT files must be UTF-8", 1, check_code(86))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = count_breaks(data[: error.start].decode("utf-8")) + 1
        raise ChatError(
            f"invalid UTF-8 byte 0x{data[error.start]:02x} at byte offset {error.start}", line, check_code(86)
        ) from None
    return loads(text)


def to_bytes(chat: ChatFile) -> bytes:
    return dumps(chat).encode("utf-8")


def load(path: str | os.PathLike[str]) -> ChatFile:
    """Read a .cha file; OSError (missing, unreadable) passes through unchanged."""
    return from_bytes(Path(path).read_bytes())


def dump(chat: ChatFile, path: str | os.PathLike[str]) -> None:
    """Write the file's exact bytes (its BOM and line endings kept)."""
    Path(path).write_bytes(to_bytes(chat))
