"""Russian and Ukrainian through pymorphy3: OpenCorpora tags mapped to UD UPOS and UD features.

pymorphy3 analyses a word out of context; its most probable parse (the first)
is taken. Mapping choices: ADJF/ADJS ADJ (short forms Variant=Short), COMP
ADJ Degree=Cmp, INFN VERB Inf, PRTF/PRTS VERB Part, GRND VERB Conv, NPRO
PRON (Prs when it has a person), PRED ADV, PREP ADP, CONJ CCONJ (SCONJ for the
subordinators listed), PRCL PART, proper names (Name/Surn/Patr/Geox/Orgn)
PROPN; `быть`/`бути` is AUX, as in UD Russian and Ukrainian. OpenCorpora's
second genitive/accusative/locative are UD's Gen/Acc/Loc. One word -> one token.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): Russian ~2,800,
Ukrainian ~3,300 utt/s without the word cache, far more with it; load ~1.2 s; max
RSS ~115 MB with one dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

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

LANGUAGES = {"rus": "ru", "ukr": "uk"}
DISTRIBUTIONS = ("pymorphy3==2.0.6", "pymorphy3-dicts-ru==2.4.417150.4580142", "pymorphy3-dicts-uk==2.4.1.1.1663094765")
_DICTS = {"rus": "pymorphy3-dicts-ru", "ukr": "pymorphy3-dicts-uk"}

POS = {
    "NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB", "INFN": "VERB", "PRTF": "VERB",
    "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM", "ADVB": "ADV", "NPRO": "PRON", "PRED": "ADV", "PREP": "ADP",
    "CONJ": "CCONJ", "PRCL": "PART", "INTJ": "INTJ", "LATN": "X", "PNCT": "PUNCT", "NUMB": "NUM", "ROMN": "NUM",
    "UNKN": "X",
}  # fmt: skip
GRAMMEMES = {
    "nomn": ("Case", "Nom"), "gent": ("Case", "Gen"), "datv": ("Case", "Dat"), "accs": ("Case", "Acc"),
    "ablt": ("Case", "Ins"), "loct": ("Case", "Loc"), "voct": ("Case", "Voc"), "gen2": ("Case", "Gen"),
    "acc2": ("Case", "Acc"), "loc2": ("Case", "Loc"), "gen1": ("Case", "Gen"), "loc1": ("Case", "Loc"),
    "sing": ("Number", "Sing"), "plur": ("Number", "Plur"), "masc": ("Gender", "Masc"), "femn": ("Gender", "Fem"),
    "neut": ("Gender", "Neut"), "1per": ("Person", "1"), "2per": ("Person", "2"), "3per": ("Person", "3"),
    "past": ("Tense", "Past"), "pres": ("Tense", "Pres"), "futr": ("Tense", "Fut"), "indc": ("Mood", "Ind"),
    "impr": ("Mood", "Imp"), "perf": ("Aspect", "Perf"), "impf": ("Aspect", "Imp"), "actv": ("Voice", "Act"),
    "pssv": ("Voice", "Pass"), "anim": ("Animacy", "Anim"), "inan": ("Animacy", "Inan"), "Supr": ("Degree", "Sup"),
}  # fmt: skip
_NAMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_VERB_FORM = {"VERB": "Fin", "INFN": "Inf", "PRTF": "Part", "PRTS": "Part", "GRND": "Conv"}
SUBORDINATORS = frozenset("что чтобы если когда потому пока хотя будто словно щоб що якщо коли бо хоча поки".split())
AUX_LEMMAS = frozenset({"быть", "бути"})


def to_ud(tag_text: str, lemma: str, word: str) -> tuple[str, str]:
    """An OpenCorpora tag (`VERB,perf,intr masc,sing,past,indc`) -> (UPOS, UD feats)."""
    grammemes = set(tag_text.replace(" ", ",").split(","))
    pos = next((g for g in grammemes if g in POS), "UNKN")
    upos = POS[pos]
    feats = dict(GRAMMEMES[g] for g in grammemes if g in GRAMMEMES)
    if pos == "NOUN" and grammemes & _NAMES:
        upos = "PROPN"
    elif pos in _VERB_FORM:
        feats["VerbForm"] = _VERB_FORM[pos]
        if lemma in AUX_LEMMAS:
            upos = "AUX"
    elif pos == "ADJS":
        feats["Variant"] = "Short"
    elif pos == "COMP":
        feats["Degree"] = "Cmp"
    elif pos == "NPRO" and "Person" in feats:
        feats["PronType"] = "Prs"
    elif pos == "CONJ" and word.lower() in SUBORDINATORS:
        upos = "SCONJ"
    if pos == "NPRO" and "pers" in grammemes:
        feats["PronType"] = "Prs"
    if pos in ("NOUN", "ADJF", "PRTF", "NPRO", "ADJS", "PRTS", "VERB") and "Gender" in feats and "Number" not in feats:
        feats["Number"] = "Sing"  # the Ukrainian dictionary writes a gender for the singular only
    return upos, feats_string(feats)


def load(lang: str) -> TagOnlyAnalyzer:
    """pymorphy3 with the language's dictionary package."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("pymorphy3", lang, LANGUAGES, "pymorphy3==2.0.6 + pymorphy3-dicts-ru/-uk")
    import pymorphy3  # type: ignore[import-untyped]

    analyzer: Any = pymorphy3.MorphAnalyzer(lang=LANGUAGES[lang])

    @lru_cache(maxsize=1 << 16)
    def tag_word(word: str) -> Analysis:
        parses = analyzer.parse(word)
        if not parses:
            return token(word, word, "X")
        best = parses[0]
        lemma = str(best.normal_form)
        upos, feats = to_ud(str(best.tag), lemma, word)
        if upos == "PROPN" or (word[:1].isupper() and lemma[:1].islower() and upos == "NOUN"):
            lemma = lemma[:1].upper() + lemma[1:]  # pymorphy lowercases every lemma
        return token(word, lemma, upos, feats)

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        return from_words(words, lambda word: [tag_word(word)])

    versions = versions_of("pymorphy3", _DICTS[lang])
    return TagOnlyAnalyzer(tag_utterance, f"pymorphy3-{versions['pymorphy3']}", versions)
