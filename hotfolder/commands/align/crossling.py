"""Whisper's word edges refined by pocketsphinx, in the languages where that measured better.

In continuous speech whisper's cross-attention places a word 40-90 ms early
(no pause to move its start past): on synthesized speech without pauses only
25-82 % of onsets fall within 50 ms (bench/README.md, "align_crossling").
pocketsphinx's English acoustic model, given each word's pronunciation by
espeak-ng in the language's own voice (mapped to its 39 phones), places them
within 50 ms for 72-94 %; but with pauses it misplaces a few words by hundreds
of ms where whisper does not. So both align the same stretch, and a word takes
pocketsphinx's edges only when its onset lies within `AGREE_MS` of whisper's:
with pauses every language stays at 100 %, without them 71-93 %.

Only the languages measured (`VOICES`); every other whisper language keeps
whisper's edges, as does a stretch with a word espeak-ng cannot read.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hotfolder.commands.align.lexicon import Dictionary, dictionary_key
from hotfolder.commands.align.pronounce import Runner, espeak_runner, ipa_to_arpabet

Span = tuple[int, int]

AGREE_MS = 150  # measured: 100 ms keeps too few of pocketsphinx's edges, 250 lets its outliers through
# CHAT code -> espeak-ng voice, for the languages bench/align_crossling.py measured
VOICES = {
    "spa": "es", "deu": "de", "fra": "fr", "ita": "it", "por": "pt",
    "nld": "nl", "pol": "pl", "rus": "ru", "tur": "tr", "est": "et",
}  # fmt: skip
_SWITCH = re.compile(r"\([a-z-]+\)")  # espeak-ng's `(en)` marks where it switched language


def merged(whisper: list[Span | None], sphinx: list[Span | None], agree_ms: int = AGREE_MS) -> list[Span | None]:
    """Per word: pocketsphinx's span where both have one and their onsets agree, else whisper's."""
    out: list[Span | None] = []
    for ours, theirs in zip(whisper, sphinx, strict=True):
        agree = ours is not None and theirs is not None and abs(ours[0] - theirs[0]) <= agree_ms
        out.append(theirs if agree else ours)
    return out


class CrossLexicon:
    """Pocketsphinx dictionary entries for other languages' words, from espeak-ng, once per worker."""

    def __init__(self, dictionary: Dictionary, runner_for: Callable[[str], Runner | None] = espeak_runner) -> None:
        self._dictionary = dictionary
        self._runner_for = runner_for
        self._runners: dict[str, Runner | None] = {}
        self._entries: dict[tuple[str, str], str | None] = {}

    def serves(self, lang: str) -> bool:
        return lang in VOICES and self._runner(VOICES[lang]) is not None

    def entry(self, lang: str, text: str) -> str | None:
        """The dictionary entry to align `text` (a word as spoken) in `lang` as; None: not readable."""
        key = (lang, dictionary_key(text))
        if key not in self._entries:
            self._entries[key] = self._teach(lang, key[1])
        return self._entries[key]

    def _runner(self, voice: str) -> Runner | None:
        if voice not in self._runners:
            self._runners[voice] = self._runner_for(voice)
        return self._runners[voice]

    def _teach(self, lang: str, word: str) -> str | None:
        runner = self._runner(VOICES[lang]) if lang in VOICES else None
        if runner is None or not word:
            return None
        phones = ipa_to_arpabet(_SWITCH.sub("", runner(word) or ""))
        if not phones:
            return None
        name = f"xl-{len(self._entries)}"  # ASCII and apart from the English words
        self._dictionary.add(name, phones)
        return name
