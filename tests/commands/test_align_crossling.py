"""crossling.py: which edges a word takes, and pronunciations from espeak-ng in the language's voice."""

from __future__ import annotations

import pytest

from hotfolder.commands.align.crossling import AGREE_MS, VOICES, CrossLexicon, merged
from hotfolder.commands.align.sphinx import SphinxAligner


@pytest.mark.parametrize(
    ("whisper", "sphinx", "expected"),
    [
        ([(100, 300)], [(160, 290)], [(160, 290)]),  # onsets 60 ms apart: pocketsphinx's edges
        ([(100, 300)], [(100 + AGREE_MS + 1, 400)], [(100, 300)]),  # too far apart: whisper's
        ([(100, 300), None], [(110, 290), (320, 500)], [(110, 290), None]),  # whisper did not hear it: untimed
        ([(100, 300)], [None], [(100, 300)]),
    ],
)
def test_merged(whisper: list[tuple[int, int] | None], sphinx: list[tuple[int, int] | None], expected: list[tuple[int, int] | None]) -> None:
    assert merged(whisper, sphinx) == expected


def test_cross_lexicon_teaches_the_aligner_each_languages_words_once() -> None:
    aligner = SphinxAligner()
    lexicon = CrossLexicon(aligner)
    assert lexicon.serves("spa") and lexicon.serves("rus") and not lexicon.serves("cat") and not lexicon.serves("eng")
    casa = lexicon.entry("spa", "Casa")
    assert casa is not None and lexicon.entry("spa", "casa") == casa  # once per (language, word)
    assert aligner.phones(casa) == "K AA S AA"  # espeak-ng -v es: k_ˈa_s_a
    assert lexicon.entry("ita", "casa") not in (None, casa)  # the same spelling in another language is its own entry
    assert lexicon.entry("rus", "хлеб") is not None  # Cyrillic, through espeak-ng's Russian voice
    assert lexicon.entry("cat", "casa") is None and lexicon.entry("spa", "!!") is None
    assert set(VOICES) == {"spa", "deu", "fra", "ita", "por", "nld", "pol", "rus", "tur", "est"}


def test_without_espeak_ng_nothing_is_served() -> None:
    lexicon = CrossLexicon(SphinxAligner(), runner_for=lambda voice: None)
    assert not lexicon.serves("spa") and lexicon.entry("spa", "casa") is None
