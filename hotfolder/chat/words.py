"""Word lists of a main tier: what %mor aligns with and what %wor aligns with.

Rules (shared/reference/chat-format: retraces.md, replacements.md, dependent-tiers.md):

- %mor: skip retraced material (`<...> [/]`, `word [//]`, `[///]`, `[/-]`, `[/?]`),
  `xxx yyy www`, every `&` form (`&-um &+fr &~ &=laughs &*MOT:hi`), pauses,
  `0` and `0word`; `word [: a b]` contributes `a` and `b` (a `[:: real]` word
  keeps the spoken word); `,` `‡` `„` are items (`is_separator`).
- %wor: every spoken word inside or outside retraces, fillers included
  (`&-um` -> `um`), the spoken side of a replacement; no fragments, nonwords,
  events, untranscribed or omitted words, no separators.

A terminator glued to a word (`pant.`, `0.`, `dog+...`) is not part of the
word: it is the utterance's terminator (rule in hotfolder.chat.glued).

`Word.text` is the clean form for taggers and aligners (chatter's
`cleaned_text`): no prefix, form marker (`@s:fra`), `$pos`, CA or prosody
marks, overlap points, lengthening, or shortening parentheses (`(be)cause` ->
`because`). A compound keeps its parts joined (`ice+cream` -> `icecream`,
as chatter does) and lists them in `Word.parts` (`("ice", "cream")`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from hotfolder.chat import symbols
from hotfolder.chat.bullets import TIME_BULLET
from hotfolder.chat.glued import has_glued
from hotfolder.chat.tokens import Token, TokenKind, classify, tokenize


class WordCategory(StrEnum):
    REGULAR = "regular"
    FILLER = "filler"  # &-um
    FRAGMENT = "fragment"  # &+fr (and legacy &fr)
    NONWORD = "nonword"  # &~ba
    EVENT = "event"  # &=laughs, &{l=X ... &}l=X
    OTHER_SPEAKER = "other_speaker"  # &*MOT:word
    OMISSION = "omission"  # 0word, (word) in CA files
    UNTRANSCRIBED = "untranscribed"  # xxx yyy www
    SEPARATOR = "separator"  # , ‡ „


_AMP_CATEGORIES = {
    "-": WordCategory.FILLER,
    "+": WordCategory.FRAGMENT,
    "~": WordCategory.NONWORD,
    "=": WordCategory.EVENT,
    "*": WordCategory.OTHER_SPEAKER,
    "{": WordCategory.EVENT,
    "}": WordCategory.EVENT,
}


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # clean form (see module doc)
    raw: str  # as written on the main tier (for a replacement word: as written inside [: ])
    form_marker: str | None = None  # after the @: "s:fra", "c", "u", "z:rtfd"
    is_separator: bool = False
    replaced: str | None = None  # the spoken word (raw) when this word comes from `[: ...]`
    category: WordCategory = WordCategory.REGULAR
    parts: tuple[str, ...] = ()  # compound parts; () for a simple word


def make_word(raw: str, *, ca: bool = False) -> Word | None:
    """Classify and clean one word token; None when nothing spoken is left."""
    return _make_word(raw, ca)


@lru_cache(maxsize=1 << 16)
def _make_word(raw: str, ca: bool) -> Word | None:  # words repeat: cache the cleaning
    category = WordCategory.REGULAR
    body = raw
    if raw.startswith("&"):
        category = _AMP_CATEGORIES.get(raw[1:2], WordCategory.FRAGMENT)
        body = raw[2:] if raw[1:2] in _AMP_CATEGORIES else raw[1:]
    elif raw.startswith("0") and len(raw) > 1:
        category, body = WordCategory.OMISSION, raw[1:]
    elif ca and len(raw) > 2 and raw[0] == "(" and raw[-1] == ")" and "(" not in raw[1:]:
        category, body = WordCategory.OMISSION, raw[1:-1]
    marker = None
    at = body.find("@", 1)
    if at > 0:
        body, marker = body[:at], body[at + 1 :]
    dollar = body.find("$", 1)
    if dollar > 0:
        body = body[:dollar]
    body = symbols.WORD_NOISE.sub("", body)
    parts = tuple(part for part in body.split("+") if part)
    text = "".join(parts)
    if not text:
        return None
    if category is WordCategory.REGULAR and text in symbols.UNTRANSCRIBED:
        category = WordCategory.UNTRANSCRIBED
    return Word(text, raw, marker, False, None, category, parts if len(parts) > 1 else ())


_SEPARATOR_WORDS = {
    char: Word(char, char, None, True, None, WordCategory.SEPARATOR) for char in symbols.MOR_SEPARATORS
}
_NOT_ITEMS = frozenset({TokenKind.BULLET, TokenKind.OTHER, TokenKind.ANNOTATION, TokenKind.GROUP_CLOSE})


def _scopes(tokens: list[Token]) -> tuple[bytearray, dict[int, str]]:
    """Which tokens are retraced, and which words carry a `[: ...]` replacement.

    An annotation scopes over the item just before it: the previous token, or
    the whole `<...>` group when it follows a `>`; annotations chain left to
    right (`dog [* p:w] [/]`). Returns a per-token retraced flag and the
    replacement text by word index.
    """
    retraced = bytearray(len(tokens))
    replacements: dict[int, str] = {}
    opens: list[int] = []
    item: tuple[int, int] | None = None  # first and last token index of the current item
    for index, token in enumerate(tokens):
        kind = token.kind
        if kind is TokenKind.ANNOTATION:
            if item is None:
                continue
            text = token.text
            if text in symbols.RETRACE_MARKERS:
                retraced[item[0] : item[1] + 1] = b"\x01" * (item[1] + 1 - item[0])
            elif item[0] == item[1] and text.startswith("[:") and not text.startswith("[::"):
                replacements.setdefault(item[0], text[2:-1])
        elif kind is TokenKind.GROUP_OPEN:
            opens.append(index)
            item = None
        elif kind is TokenKind.GROUP_CLOSE:
            item = (opens.pop(), index) if opens else item
        elif kind not in _NOT_ITEMS:
            item = (index, index)
    return retraced, replacements


def _replacement_words(text: str, spoken: str, ca: bool) -> list[Word]:
    words = []
    for token in tokenize(text):
        if token.kind is not TokenKind.WORD:
            continue
        word = _make_word(token.text, ca)
        if word is not None and word.category is WordCategory.REGULAR:
            words.append(
                Word(word.text, word.raw, word.form_marker, False, spoken, word.category, word.parts)
            )
    return words


_SPOKEN = frozenset({WordCategory.REGULAR, WordCategory.FILLER})


def mor_words(tokens: list[Token], *, ca: bool = False) -> list[Word]:
    """The words %mor aligns with, separators included, terminator excluded."""
    retraced, replacements = _scopes(tokens)
    out: list[Word] = []
    for index, token in enumerate(tokens):
        if retraced[index]:
            continue
        kind = token.kind
        if kind is TokenKind.WORD:
            replacement = replacements.get(index) if replacements else None
            if replacement is not None:
                out.extend(_replacement_words(replacement, token.text, ca))
                continue
            word = _make_word(token.text, ca)
            if word is not None and word.category is WordCategory.REGULAR:
                out.append(word)
        elif kind is TokenKind.SEPARATOR:
            separator = _SEPARATOR_WORDS.get(token.text)
            if separator is not None:
                out.append(separator)
    return out


# Anything that makes a main tier need the full tokenizer: annotations, groups,
# separators stuck to words, and any NAK left once well-formed bullets are gone.
_NEEDS_TOKENS = re.compile("[" + re.escape("[]<>,‡„\x15" + symbols.TRANSPARENT_OPEN + symbols.TRANSPARENT_CLOSE) + "]")


def plain_chunks(text: str) -> list[str] | None:
    """The chunks of a main tier without annotations or groups, each one whole token; else None.

    Most utterances are plain words, pauses and bullets; for them, splitting at
    whitespace (well-formed bullets dropped) gives the tokens without building them.
    A glued terminator (`pant.`) is two tokens in one chunk: the tokenizer cuts it.
    """
    if "\x15" in text:
        text = TIME_BULLET.sub(" ", text)
    if _NEEDS_TOKENS.search(text) or has_glued(text):
        return None
    return text.split()


def simple_word_lists(text: str, *, ca: bool = False) -> tuple[list[Word], list[Word]] | None:
    """(%mor words, %wor words) of a main tier without annotations or groups, else None.

    It must agree with mor_words/wor_words (tested on the corpus).
    """
    chunks = plain_chunks(text)
    if chunks is None:
        return None
    mor: list[Word] = []
    wor: list[Word] = []
    for chunk in chunks:
        if classify(chunk) is TokenKind.WORD:
            word = _make_word(chunk, ca)
            if word is None:
                continue
            if word.category is WordCategory.REGULAR:
                mor.append(word)
                wor.append(word)
            elif word.category is WordCategory.FILLER:
                wor.append(word)
    return mor, wor


def plain_terminator(chunks: list[str]) -> str | None:
    """The terminator of a main tier given as its plain_chunks: the last chunk before bare times."""
    end = len(chunks)
    while end and classify(chunks[end - 1]) is TokenKind.TIMESTAMP:
        end -= 1
    return chunks[end - 1] if end and classify(chunks[end - 1]) is TokenKind.TERMINATOR else None


def wor_words(tokens: list[Token], *, ca: bool = False) -> list[Word]:
    """The spoken words %wor aligns with: retraces and replacements do not change who spoke."""
    out: list[Word] = []
    for token in tokens:
        if token.kind is TokenKind.WORD:
            word = _make_word(token.text, ca)
            if word is not None and word.category in _SPOKEN:
                out.append(word)
    return out
