"""Rendering a regenerated tier in the file's own style.

A file that wraps its tiers (any main or dependent tier spans lines) gets new
tiers wrapped the way CLAN and batchalign do: break at a space before the line
would pass column 76 (TAB stops every 8 columns), continue with newline + TAB.
A file that never wraps gets one line per tier, however long.
"""

from __future__ import annotations

import re

WRAP_COLUMN = 76
TAB_WIDTH = 8
# A wrap never falls inside a bracket annotation (`[- zho]`) or a bullet.
_UNITS = re.compile(r"\[[^\[\]]*\]|\x15[^\x15]*\x15|[^\s\[\x15]+|\S")
_TIER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*\Z")
_NOT_IN_TIER = re.compile(r"[\r\n\x00\ud800-\udfff]")  # line breaks, NUL, lone surrogates


def tier_problem(name: str, content: str) -> tuple[str, str] | None:
    """Why `%name` with `content` cannot be one dependent tier, as (message, CHECK code); else None."""
    if not _TIER_NAME.match(name):
        return f"invalid dependent tier name {name!r}", "CHECK 17"
    bad = _NOT_IN_TIER.search(content)
    if bad is not None:
        return f"%{name} content may not contain {bad.group()!r}", "CHECK 86"
    return None


def width(text: str, column: int = 0) -> int:
    if "\t" not in text:
        return column + len(text)
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
