"""Media bullets: `NAK start_end NAK` in milliseconds, a `-` skip variant, and `%pic:` pictures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotfolder.chat.errors import ChatError, check_code

NAK = "\x15"
TIME_BULLET = re.compile(r"\x15(\d+)_(\d+)(-?)\x15")
# Any NAK-delimited span on one line, well formed or not.
ANY_BULLET = re.compile(r"\x15[^\x15\r\n]*\x15")
_PICTURE = re.compile(r'\x15%(?:pic|txt):"[^"\x15]*"\x15')
_OLD_MEDIA = re.compile(r'\x15%(?:snd|mov):"[^"\x15]*"_\d+_\d+\x15')


@dataclass(frozen=True, slots=True)
class Bullet:
    start_ms: int
    end_ms: int
    skip: bool = False  # the `-` variant: play past this segment

    def render(self) -> str:
        return format_bullet(self.start_ms, self.end_ms, skip=self.skip)


def format_bullet(start_ms: int, end_ms: int, *, skip: bool = False) -> str:
    """`\\x15start_end\\x15`; raises ChatError for times CHAT cannot hold."""
    check_times(start_ms, end_ms)
    return f"{NAK}{start_ms}_{end_ms}{'-' if skip else ''}{NAK}"


def check_times(start_ms: int, end_ms: int, line: int | None = None) -> None:
    if not all(isinstance(t, int) and not isinstance(t, bool) for t in (start_ms, end_ms)):
        raise ChatError("bullet times must be integers of milliseconds", line, check_code(90))
    if start_ms < 0:
        raise ChatError(f"bullet start {start_ms} is negative", line, check_code(90))
    if start_ms >= end_ms:
        raise ChatError(f"bullet start {start_ms} must be smaller than end {end_ms}", line, check_code(82))


def parse_time_bullet(text: str) -> Bullet | None:
    """The times of a well-formed time bullet (the whole NAK-delimited text), else None."""
    match = TIME_BULLET.fullmatch(text)
    if match is None:
        return None
    return Bullet(int(match.group(1)), int(match.group(2)), match.group(3) == "-")


def bullet_problem(text: str) -> int | None:
    """The CHECK number a NAK-delimited span deserves (None when well formed).

    89: not a time, picture or media reference; 90: times that are not numbers;
    115: the pre-2006 `%snd:"file"_start_end` form.
    """
    if TIME_BULLET.fullmatch(text) or _PICTURE.fullmatch(text):
        return None
    if _OLD_MEDIA.fullmatch(text):
        return 115
    inner = text[1:-1]
    if "_" in inner and not inner.startswith("%"):
        return 90
    return 89
