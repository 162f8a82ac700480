"""Rendering a regenerated tier in the file's own style.

A file that wraps its tiers (any main or dependent tier spans lines) gets new
tiers wrapped the way CLAN and batchalign do: break at a space before the line
would pass column 76 (TAB stops every 8 columns), continue with newline + TAB.
A file that never wraps gets one line per tier, however long.
"""

from __future__ import annotations

import re

from hotfolder.chat.errors import ChatError

WRAP_COLUMN = 76
TAB_WIDTH = 8
# A wrap never falls inside a bracket annotation (`[- zho]`) or a bullet.
_UNITS = re.compile(r"\[[^\[\]]*\]|\x15[^\x15]*\x15|[^\s\[\x15]+|\S")
_TIER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")


def check_tier(name: str, content: str, line: int | None = None) -> None:
    """Refuse what cannot be one dependent tier: odd names, line breaks, control characters."""
    if not _TIER_NAME.match(name):
        raise ChatError(f"invalid dependent tier name {name!r}", line, "CHECK 17")
    bad = next((char for char in content if char in "\r\n\x00" or "\ud800" <= char <= "\udfff"), None)
    if bad is not None:
        raise ChatError(f"%{name} content may not contain {bad!r}", line, "CHECK 86")


def width(text: str, column: int = 0) -> int:
    for char in text:
        column = (column // TAB_WIDTH + 1) * TAB_WIDTH if char == "\t" else column + 1
    return column


def render_tier(label: str, content: str, *, wrap: bool, newline: str) -> str:
    """`label` + TAB + content (wrapped when asked), without a final line ending."""
    head = f"{label}\t"
    if not wrap or width(head + content) <= WRAP_COLUMN:
        return head + content
    lines: list[str] = []
    current = head
    column = width(head)
    fresh = True  # nothing on the current line yet but its prefix
    for unit in _UNITS.findall(content):
        if not fresh and column + 1 + len(unit) > WRAP_COLUMN:
            lines.append(current)
            current, column, fresh = "\t", TAB_WIDTH, True
        if not fresh:
            current += " "
            column += 1
        current += unit
        column += len(unit)
        fresh = False
    lines.append(current)
    return newline.join(lines)
