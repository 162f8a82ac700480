"""Which dictionary entry each spoken word aligns as, teaching the aligner the missing ones.

A word found in pocketsphinx's dictionary (lowercased) is used as is. A
compound whose parts are all there (`ice+cream`) is spelled from its parts.
Anything else gets a guessed pronunciation (`pronounce.guess`), which the
receipt lists; a word nothing can be guessed for (no Latin letters and no
espeak-ng reading) is left out of the alignment and keeps no timing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Protocol

from hotfolder.chat import Word
from hotfolder.commands.align.pronounce import Runner, guess

_NOT_IN_KEY = re.compile(r"[^\w']|_")


class Dictionary(Protocol):
    def phones(self, word: str) -> str | None: ...

    def add(self, word: str, phones: list[str]) -> None: ...


def dictionary_key(text: str) -> str:
    """The dictionary spelling of a cleaned word: lowercase, letters, digits and apostrophes."""
    return _NOT_IN_KEY.sub("", text.lower())


class Lexicon:
    """Resolves words to dictionary entries once per worker; remembers every guess it made."""

    def __init__(self, dictionary: Dictionary, runner: Runner | None, guesser: Callable[[str, Runner | None], list[str]] = guess) -> None:
        self._dictionary = dictionary
        self._runner = runner
        self._guesser = guesser
        self._known: dict[str, str | None] = {}  # key -> entry, None when unpronounceable
        self.guessed: dict[str, str] = {}  # key -> ARPABET, every guess this worker made

    def entry(self, word: Word) -> str | None:
        """The dictionary word to align `word` as, or None when it cannot be pronounced."""
        key = dictionary_key(word.text)
        if not key:
            return None
        if key not in self._known:
            self._known[key] = self._resolve(key, word)
        return self._known[key]

    def _resolve(self, key: str, word: Word) -> str | None:
        if self._dictionary.phones(key) is not None:
            return key
        parts = [self._dictionary.phones(dictionary_key(part)) for part in word.parts]
        if parts and all(parts):
            self._dictionary.add(key, " ".join(p for p in parts if p).split())
            return key
        phones = self._guesser(word.text, self._runner)
        if not phones:
            return None
        self._dictionary.add(key, phones)
        self.guessed[key] = " ".join(phones)
        return key
