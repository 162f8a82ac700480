"""Main-tier tokens: whitespace-delimited items, bracket annotations and bullets kept whole.

Tokenizing is the expensive part of reading CHAT, so it only happens when a
command asks for an utterance's words, terminator, postcodes or bullet. A
terminator glued to the word before it (`pant.`, `0.`, `dog+...`) is its own
token (rule in hotfolder.chat.glued).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from hotfolder.chat import symbols
from hotfolder.chat.glued import glued_cut

# `[...]` may hold spaces (`[: going to]`, `[+ bch]`); a bullet never leaves its line.
_RAW = re.compile(r"(\[[^\[\]]*\])|(\x15[^\x15\r\n]*\x15)|([^\s\[\]\x15]+)|(\S)")
_STRIP_LEAD = symbols.GROUP_OPEN + symbols.TRANSPARENT_OPEN
_STRIP_TRAIL = symbols.GROUP_CLOSE + symbols.TRANSPARENT_CLOSE + "".join(symbols.MOR_SEPARATORS)


class TokenKind(StrEnum):
    WORD = "word"  # anything word-shaped, incl. &-um, &=laughs, 0word, xxx (see words.WordCategory)
    ANNOTATION = "annotation"  # [...]: [/], [: x], [+ bch], [- fra], [= x], [*], [>] ...
    GROUP_OPEN = "group_open"  # <
    GROUP_CLOSE = "group_close"  # >
    PAUSE = "pause"  # (.) (..) (...) (1.5)
    BULLET = "bullet"  # NAK ... NAK
    TERMINATOR = "terminator"
    LINKER = "linker"  # +< ++ +^ +" +, at the start
    SEPARATOR = "separator"  # , ; : ‡ „ and the CA arrows
    OVERLAP = "overlap"  # a free-standing ⌈ ⌉ ⌊ ⌋ (with index)
    ACTION = "action"  # a free-standing 0
    TIMESTAMP = "timestamp"  # 123_456 without NAKs: a malformed bullet
    OTHER = "other"  # a stray [ ] or NAK


class Token(NamedTuple):
    kind: TokenKind
    text: str
    start: int  # offset in Utterance.main_text
    end: int

    @property
    def is_postcode(self) -> bool:
        return self.kind is TokenKind.ANNOTATION and self.text.startswith("[+ ")

    @property
    def is_precode(self) -> bool:
        return self.kind is TokenKind.ANNOTATION and self.text.startswith("[- ")


def tokenize(text: str) -> list[Token]:
    """Tokens of a main-tier content string, with offsets into it."""
    tokens: list[Token] = []
    append = tokens.append
    new = tuple.__new__  # Token(...) without the Python-level NamedTuple constructor
    for match in _RAW.finditer(text):
        group = match.lastindex
        start = match.start()
        if group == 3:
            raw = match.group(3)
            for kind, piece, begin, end in _chunk_pieces(raw):
                append(new(Token, (kind, piece, start + begin, start + end)))
        else:
            append(new(Token, (_GROUP_KINDS[group or 4], match.group(), start, match.end())))
    return tokens


@lru_cache(maxsize=1 << 16)
def _chunk_pieces(raw: str) -> tuple[tuple[TokenKind, str, int, int], ...]:
    """A whitespace-free chunk cut into (kind, text, start, end); words repeat, so this is cached."""
    whole = _classify(raw)
    if whole is TokenKind.WORD:
        cut = glued_cut(raw)
        if cut:
            return (*_chunk_pieces(raw[:cut]), (TokenKind.TERMINATOR, raw[cut:], cut, len(raw)))
    if whole is not TokenKind.WORD or (raw[0] not in _STRIP_LEAD and raw[-1] not in _STRIP_TRAIL):
        return ((whole or TokenKind.OTHER, raw, 0, len(raw)),)
    pieces: list[tuple[TokenKind, str, int, int]] = []
    lead = 0
    while lead < len(raw) and raw[lead] in _STRIP_LEAD:
        if raw[lead] == symbols.GROUP_OPEN:
            pieces.append((TokenKind.GROUP_OPEN, "<", lead, lead + 1))
        lead += 1
    trail = len(raw)
    while trail > lead and raw[trail - 1] in _STRIP_TRAIL:
        trail -= 1
    core = raw[lead:trail]
    if core:
        pieces.append((_classify(core) or TokenKind.WORD, core, lead, trail))
    for offset in range(trail, len(raw)):
        char = raw[offset]
        if char == symbols.GROUP_CLOSE:
            pieces.append((TokenKind.GROUP_CLOSE, ">", offset, offset + 1))
        elif char in symbols.MOR_SEPARATORS:
            pieces.append((TokenKind.SEPARATOR, char, offset, offset + 1))
    return tuple(pieces)


@lru_cache(maxsize=1 << 16)
def classify(raw: str) -> TokenKind:
    """The kind of one whitespace-free chunk that holds no bracket, group mark or separator."""
    return _classify(raw) or TokenKind.OTHER


def _classify(raw: str) -> TokenKind | None:
    """The kind of a chunk that is a whole non-word token, WORD otherwise, None if empty."""
    if not raw:
        return None
    if raw in symbols.TERMINATORS:
        return TokenKind.TERMINATOR
    if raw in symbols.LINKERS:
        return TokenKind.LINKER
    if raw in symbols.SEPARATORS:
        return TokenKind.SEPARATOR
    first = raw[0]
    if first == "(" and symbols.PAUSE.match(raw):
        return TokenKind.PAUSE
    if first in symbols.OVERLAP_CHARS and symbols.STANDALONE_OVERLAP.match(raw):
        return TokenKind.OVERLAP
    if raw == "0":
        return TokenKind.ACTION
    if first.isdigit() and symbols.BARE_TIMESTAMP.match(raw):
        return TokenKind.TIMESTAMP
    return TokenKind.WORD


_GROUP_KINDS = {1: TokenKind.ANNOTATION, 2: TokenKind.BULLET, 4: TokenKind.OTHER}


def split_annotation(text: str) -> tuple[str, str]:
    """`[: going to]` -> (":", "going to"); `[/]` -> ("/", ""); `[+ bch]` -> ("+", "bch")."""
    inner = text[1:-1]
    head, _, rest = inner.partition(" ")
    return head, rest.strip()
