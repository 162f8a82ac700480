"""Cantonese through PyCantonese's part-of-speech tagger: UD UPOS per CHAT word, in the utterance's context.

batchalign takes Cantonese UPOS from PyCantonese too (it replaces Stanza's on
every word), so this matches its %mor categories. PyCantonese gives no lemma
and no features: the lemma is the word, with one exception a Cantonese
linguist would expect: the aspect markers `咗` (Perf), `緊` (Prog) and `過`
(Perf) tagged PART or AUX carry their Aspect. Words are tagged as CHAT gives
them; romanised words (`gam2`) are tagged as PyCantonese sees them.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~28,000 utt/s,
load 1 s, max RSS ~140 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotfolder.commands.morphotag.engines.tagonly import (
    LanguageNotServed,
    TagOnlyAnalyzer,
    one_each,
    token,
    versions_of,
)
from hotfolder.commands.morphotag.tagger import TaggedUtterance

LANGUAGES = {"yue": "PyCantonese's HKCanCor-trained tagger (UD tagset)"}
DISTRIBUTIONS = ("pycantonese==5.0.0",)
ASPECT = {"咗": "Perf", "緊": "Prog", "過": "Perf"}
_UPOS = frozenset("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())


def load(lang: str) -> TagOnlyAnalyzer:
    """PyCantonese's tagger (its model ships in the wheel)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("PyCantonese", lang, LANGUAGES, DISTRIBUTIONS[0])
    import pycantonese

    pos_tag: Any = pycantonese.pos_tag

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        tokens = []
        for word, (_, tag) in zip(words, pos_tag(list(words))):
            upos = str(tag) if tag in _UPOS else "X"
            if not any(c.isalnum() for c in word):
                upos = "PUNCT"  # PyCantonese takes a symbol it does not know for a verb
            elif word.isdigit():
                upos = "NUM"
            aspect = ASPECT.get(word) if upos in ("PART", "AUX") else None
            tokens.append(token(word, word, upos, f"Aspect={aspect}" if aspect else ""))
        return one_each(tokens)

    pos_tag(["你", "好"])  # loads the tagger's model now, not on the first file
    versions = versions_of("pycantonese")
    return TagOnlyAnalyzer(tag_utterance, f"pycantonese-{versions['pycantonese']}", versions)
