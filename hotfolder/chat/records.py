"""Physical layout of a CHAT text: records (a line plus its continuation lines).

The raw text of every record, line endings included, is the source of truth:
serializing joins the records back, so an untouched file is byte-identical.
"""

from __future__ import annotations

import re
from enum import StrEnum

# A record is a line plus the continuation lines (starting with TAB) after it.
# findall over LF and CRLF text is the fast path; a file with a lone CR line
# break (old Mac CLAN) is cut at each break instead.
_RECORD = re.compile(r"[^\n]*(?:\n\t[^\n]*)*\n?")
_LONE_CR = re.compile(r"\r(?!\n)")
_RECORD_START = re.compile(r"(?:(?<=\n)|(?<=\r)(?!\n))(?!\t)")
_TIER_LABEL = re.compile(r"[*%]([^:\s]*):")
_SEPARATOR = re.compile(r"[ \t]*")


class RecordKind(StrEnum):
    HEADER = "header"  # @Name:\tvalue, @Name
    MAIN = "main"  # *SPK:\tcontent
    TIER = "tier"  # %tier:\tcontent
    BLANK = "blank"  # an empty or whitespace-only line (illegal in CHAT, present in real files)
    OTHER = "other"  # anything else, kept as it is


_KIND_BY_FIRST = {"@": RecordKind.HEADER, "*": RecordKind.MAIN, "%": RecordKind.TIER}


class Record:
    """One logical line of the file: its raw text (with line endings) and first line number."""

    __slots__ = ("text", "line", "kind")

    def __init__(self, text: str, line: int, kind: RecordKind) -> None:
        self.text = text
        self.line = line
        self.kind = kind

    def __repr__(self) -> str:
        return f"Record({self.kind.value}, line={self.line}, {self.text!r})"

    @property
    def body(self) -> str:
        """The text without its final line ending."""
        return strip_eol(self.text)

    @property
    def eol(self) -> str:
        text = self.text
        if text.endswith("\n"):
            return "\r\n" if text.endswith("\r\n") else "\n"
        return "\r" if text.endswith("\r") else ""

    def line_count(self) -> int:
        return count_breaks(self.body) + 1


def kind_of(text: str) -> RecordKind:
    kind = _KIND_BY_FIRST.get(text[0])
    if kind is not None:
        return kind
    if text[0] in "\r\n" or not text.strip():
        return RecordKind.BLANK
    return RecordKind.OTHER


def split_records(text: str) -> list[Record]:
    """Cut a text into records; `"".join(r.text for r in records) == text`.

    Line numbers are left at 0: ChatFile numbers records when one is first asked for.
    """
    kinds = _KIND_BY_FIRST
    if "\r" in text and _LONE_CR.search(text):
        parts = [part for part in _RECORD_START.split(text) if part]
    else:
        parts = _RECORD.findall(text)
        parts.pop()  # findall always ends with the empty match at the end of the text
    return [Record(part, 0, kinds.get(part[0]) or kind_of(part)) for part in parts]


def count_breaks(text: str) -> int:
    """Line breaks in a text: LF, CRLF and lone CR each count once."""
    lf = text.count("\n")
    if "\r" not in text:
        return lf
    return lf + text.count("\r") - text.count("\r\n")


def strip_eol(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


def detect_newline(text: str) -> str:
    """The file's line ending: that of its first line (LF when it has none)."""
    lf = text.find("\n")
    cr = text.find("\r")
    if cr != -1 and (lf == -1 or cr < lf):
        return "\r\n" if text.startswith("\r\n", cr) else "\r"
    return "\n"


def label_name(text: str) -> str | None:
    """`mor` for `%mor:\t...`, `CHI` for `*CHI:\t...`; None without a colon ending the label."""
    match = _TIER_LABEL.match(text)  # the label never reaches the line ending: text or body alike
    return match.group(1) if match else None


def split_label(body: str, kind: RecordKind) -> tuple[str, str, str] | None:
    """Split `*CHI:\\tcontent` / `%mor:\\tcontent` / `@Name:\\tvalue` into (label, separator, content).

    The label keeps its sigil and colon (`*CHI:`); the separator is the run of
    TABs/spaces after the colon. A header without a colon (`@Bg`, `@New Episode`)
    is all label. Returns None for a main or dependent tier without a colon.
    """
    if kind is RecordKind.HEADER:
        colon = body.find(":")
        if colon == -1:
            return body, "", ""
        end = colon + 1
    else:
        match = _TIER_LABEL.match(body)
        if match is None:
            return None
        end = match.end()
    sep = _SEPARATOR.match(body, end)
    sep_end = sep.end() if sep else end
    return body[:end], body[end:sep_end], body[sep_end:]
