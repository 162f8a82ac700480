"""An engine's token as CHAT main-tier material: words, a following comma, a terminator.

Rules (shared/reference/chat-format): a CHAT word holds letters, marks and
digits, with apostrophes inside (`don't`); punctuation is not part of words.

- Text is NFKC-normalised (full-width `？` becomes `?`), curly apostrophes straightened.
- Trailing `?` `!` end the utterance with that terminator, `...`/`…` with
  `+...` (trailing off), `.` and `。` with `.`; a trailing `,` `、` `;` `:`
  becomes a `,` item.
- Inside a token, dots between letters go (`U.S.` -> `US`); any other
  character that is not a letter, mark, digit or inner apostrophe splits it
  (`well-known` -> `well known`), so CHAT's special characters (`@ & + [ ] < >
  ( ) : $ ^ ~ * = #`) never reach a word.
- Case is kept as the engine wrote it (pocketsphinx writes lower case;
  whisper capitalises sentence starts and names). Scoring lowercases both sides.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_INNER_DOT = re.compile(r"(?<=\w)\.(?=\w)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_COMMA_MARKS = frozenset(",、;:")


@dataclass(frozen=True)
class Cleaned:
    words: tuple[str, ...]
    comma: bool = False  # a "," item follows the words
    terminator: str | None = None  # ".", "?", "!" or "+..."


def is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def clean_token(raw: str) -> Cleaned:
    """Split one engine token into CHAT words and the punctuation that follows them."""
    text = unicodedata.normalize("NFKC", raw).translate(_APOSTROPHES).strip()
    end = len(text)
    while end and not is_word_char(text[end - 1]):
        end -= 1
    body, tail = text[:end], text[end:]
    return Cleaned(split_words(body), _has_comma(tail), terminator_of(tail))


def split_words(body: str) -> tuple[str, ...]:
    """The words inside a token with its edge punctuation removed."""
    joined = _INNER_DOT.sub("", body)
    words: list[str] = []
    current: list[str] = []
    for index, char in enumerate(joined):
        inner_apostrophe = (
            char == "'" and 0 < index < len(joined) - 1 and is_word_char(joined[index - 1]) and is_word_char(joined[index + 1])
        )
        if is_word_char(char) or inner_apostrophe:
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return tuple(words)


def terminator_of(tail: str) -> str | None:
    """The CHAT terminator a token's trailing punctuation asks for, if any."""
    if "?" in tail:
        return "?"
    if "!" in tail:
        return "!"
    if "..." in tail:
        return "+..."
    if "." in tail or "。" in tail:
        return "."
    return None


def _has_comma(tail: str) -> bool:
    return terminator_of(tail) is None and any(char in _COMMA_MARKS for char in tail)
