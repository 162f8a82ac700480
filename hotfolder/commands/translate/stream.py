"""apertium's stream format for utterances: one null-flushed block each, and the text back.

With `apertium -f none -z` every stage of the pipe reads up to a NUL, finishes
and flushes that block, and starts the next one afresh, so no tagger context or
transfer rule reaches from one utterance into the next (with `-f line` the line
breaks are mere blanks: `big bird` + `hat` came back as `Sombrero de` +
`pájaro grande`). `-f none` skips apertium's deformatter, so the block is
written as it would have written it: the stream's reserved characters escaped,
`~` (a post-generation mark) hidden in a superblank, and a closing blank, without
which the block's last word is dropped at the flush.
"""

from __future__ import annotations

import re

FLUSH = "\0"
_RESERVED = re.compile(r"([\\\[\]^$/@<>{}])")
_END = "[][\n]"  # what apertium-destxt writes at the end of a line


def block(text: str) -> str:
    """One utterance's text as a stream block, NUL included."""
    escaped = _RESERVED.sub(r"\\\1", text.replace(FLUSH, " "))
    return escaped.replace("~", "[~]") + _END + FLUSH


def blocks(output: str, count: int) -> list[str] | None:
    """The `count` translated blocks of an output stream; None when it holds another number.

    Every block comes back closed by its NUL, and each stage closes the stream with one more,
    so only empty pieces may follow the last block.
    """
    pieces = output.split(FLUSH)
    if len(pieces) <= count or any(piece.strip() for piece in pieces[count:]):
        return None
    return [text(piece) for piece in pieces[:count]]


def text(piece: str) -> str:
    """A translated block as plain text: escapes undone, superblanks replaced by what they hold."""
    out: list[str] = []
    inside = False
    index = 0
    while index < len(piece):
        char = piece[index]
        if char == "\\" and index + 1 < len(piece):
            out.append(piece[index + 1])
            index += 2
            continue
        if char == "[" and not inside:
            inside = True
        elif char == "]" and inside:
            inside = False
        else:
            out.append(char)
        index += 1
    return " ".join("".join(out).split())
