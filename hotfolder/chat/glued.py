"""Terminators glued to the word before them: `go change your pant.`, `night, Father.`, `0.`, `púpa?`.

CHAT wants a space before the terminator, but real transcripts often lack it,
and CLAN and batchalign read such a chunk as the word followed by its
terminator. So does this library, with one rule:

    A whitespace-free chunk that is not itself a pause, terminator, linker or
    other symbol, and that ends with a terminator (`.` `?` `!` `+...` `+..?`
    `+/.` `+//.` `+/?` `+//?` `+!?` `+"/.` `+".` `+.`, the longest that fits),
    is cut into what comes before it and the terminator, when what comes before
    is not empty and does not end with `.` `?` `!` `+` `/` or `"`.

So `pant.` is `pant` + `.`, `0.` is the action `0` + `.`, `xxx.` is `xxx` + `.`,
`dog+...` is `dog` + `+...` (no CHAT word ends with `+`: `to+...` is `to` and a
trailing-off, as in the TalkBank grammar), `ice+cream.` is the compound + `.`,
`(.).` is the pause + `.`, and `<a b>.` ends the group, then the utterance.
Untouched: `(.)` `(1.5)` (pauses end with `)`), `+...` `+/.` and the other
terminators standing alone, `+"` and the other linkers at the start, `[...]`
annotations (kept whole; the words of a `[: ...]` replacement follow this
rule). CHAT words hold no `.` `?` `!` at all (symbols.md, "Word Segment
Characters"; abbreviations are written `Mr`, `am`), so the cut never takes a
letter from a legitimate word: `a.m.` reads as `a.m` + `.`, the non-CHAT inner
dot left in the word as written. A chunk whose cut would leave a word ending
with `.` `?` `!` `+` `/` or `"` (`dog...`, `no?.`, `++.`, `dog/.`) is malformed
in some other way, and guessing would move text between word and terminator:
it stays one word, as before. A glued terminator before more words
(`pant. go home .`) is cut as well; the utterance's terminator is its last one
(and CHECK 36 says a terminator stands before the end).

The validator reports each glued terminator as CHECK 93, "This item must be
preceded by SPACE", as a warning: the file is still read as CLAN reads it.
CLAN's own CHECK takes `word.` `word?` `word!` silently (its tokenizer ends a
word at any `.` `?` `!`) and flags `word+...` with CHECK 67 ("must be followed
by text, preceded by SPACE"); 93 is the CLAN message that names the problem
for every terminator alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from hotfolder.chat.symbols import TERMINATORS

# Longest first, so `dog+//.` gives `+//.` and never `dog+//` + `.`.
GLUED_ORDER = tuple(sorted(TERMINATORS, key=len, reverse=True))
# What may not come right before a glued terminator: the end of another
# terminator or a word-internal mark (see the module docstring).
NOT_BEFORE = frozenset('.?!+/"')
# The same rule over a main tier's text: a chunk character that may precede,
# then a terminator, then the end of the chunk (whitespace, a bracket, a bullet
# or the end). Chunks never hold whitespace, `[`, `]` or a bullet's NAK.
GLUED = re.compile(
    r'[^\s.?!+/"\[\]\x15](' + "|".join(re.escape(t) for t in GLUED_ORDER) + r")(?=[\s\[\]\x15]|\Z)"
)


def glued_cut(chunk: str) -> int:
    """Where the glued terminator of a word-shaped chunk starts; 0 when it has none."""
    if chunk[-1] not in ".?!":  # every terminator ends with one of these
        return 0
    for terminator in GLUED_ORDER:
        cut = len(chunk) - len(terminator)
        if cut > 0 and chunk.endswith(terminator) and chunk[cut - 1] not in NOT_BEFORE:
            return cut
    return 0


# `[...]` annotations are kept whole (`[=! laughs]`, `[+ bch]`): blanked before the search, offsets kept.
_ANNOTATION = re.compile(r"\[[^\[\]]*\]")


def _outside_annotations(text: str) -> str:
    return _ANNOTATION.sub(lambda m: " " * len(m.group()), text) if "[" in text else text


def has_glued(text: str) -> bool:
    """Whether a main tier's content holds a terminator glued to the chunk before it."""
    return GLUED.search(_outside_annotations(text)) is not None


def find_glued(text: str) -> Iterator[tuple[int, str]]:
    """(offset, terminator) of every glued terminator in a main tier's content."""
    for match in GLUED.finditer(_outside_annotations(text)):
        yield match.start(1), match.group(1)
