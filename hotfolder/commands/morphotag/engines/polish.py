"""Polish through Morfeusz 2: every analysis of a word (no disambiguation), one picked by a fixed rule, NKJP -> UD.

Morfeusz gives all readings of a word out of context. The rule, in order:
(1) a reading without Morfeusz's usage qualifiers (`pot.`, `daw.`, `środ.`...),
(2) the most frequent word class for the form in speech: a short list fixes
the ambiguous function words (`nie` PART, `i`/`a` CCONJ, `to` PRON, `że` SCONJ,
`się` PRON), otherwise the class order of CLASS_ORDER (verbs and function
classes before adjectives, nouns and interjections: `ma` is `mieć`, `szybko`
an adverb), (3) Morfeusz's own order. A dotted NKJP value (`m2.m3.f.n`) gives a
UD feature only when all its members agree (`m1.m2.m3` -> Masc). Among case readings of one lemma this
keeps Morfeusz's first (nominative before oblique).

A word Morfeusz segments (`poszedłem` = `poszedł` + agglutinate `em`,
`zrobiłaś`) gives one token per segment, the agglutinate as an AUX `być`
clitic after the main verb, as UD Polish and batchalign (Polish is an MWT
language there) write it: `verb|pójść-...~aux|być-...`. A word cut otherwise
(at a hyphen: `mm-hmm`) stays one token, tagged as its last non-punctuation piece.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~5,600 utt/s without
the word cache, far more with it; load 1.2 s; max RSS ~135 MB.
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

LANGUAGES = {"pol": "Morfeusz 2 with its SGJP dictionary"}
DISTRIBUTIONS = ("morfeusz2==1.99.15",)

# NKJP class -> UPOS.
CLASSES = {
    "subst": "NOUN", "depr": "NOUN", "ger": "NOUN", "adj": "ADJ", "adja": "ADJ", "adjp": "ADJ", "adjc": "ADJ",
    "pact": "ADJ", "ppas": "ADJ", "adv": "ADV", "num": "NUM", "numcol": "NUM", "ppron12": "PRON",
    "ppron3": "PRON", "siebie": "PRON", "fin": "VERB", "bedzie": "AUX", "aglt": "AUX", "praet": "VERB",
    "impt": "VERB", "imps": "VERB", "inf": "VERB", "pcon": "VERB", "pant": "VERB", "winien": "ADJ",
    "pred": "VERB", "prep": "ADP", "conj": "CCONJ", "comp": "SCONJ", "qub": "PART", "part": "PART",
    "interj": "INTJ", "burk": "NOUN", "brev": "X", "interp": "PUNCT", "xxs": "X", "ign": "X", "dig": "NUM",
    "romandig": "NUM", "frag": "X", "emo": "SYM", "substa": "NOUN", "nie": "PART",
}  # fmt: skip
CLASS_ORDER = (
    "fin", "praet", "impt", "inf", "bedzie", "aglt", "imps", "pcon", "pant", "pred", "winien", "ppron12",
    "ppron3", "siebie", "prep", "conj", "comp", "adv", "qub", "part", "num", "numcol", "adj", "pact", "ppas",
    "adja", "adjp", "adjc", "subst", "ger", "depr", "interj", "burk", "brev",
)  # fmt: skip
# Ambiguous function words: the class they have most often in conversation.
# (`part` is Morfeusz 1.99's name for NKJP's `qub`.)
FUNCTION_WORDS = {"nie": "part", "i": "conj", "a": "conj", "to": "subst", "że": "comp", "się": "part", "no": "part",
                  "tak": "part", "jak": "adv", "co": "subst"}  # fmt: skip
_PRONOUN_LEMMAS = frozenset({"to", "co", "kto", "nic", "nikt", "coś", "ktoś", "wszystko", "się"})
_VALUES = {
    "sg": ("Number", "Sing"), "pl": ("Number", "Plur"), "nom": ("Case", "Nom"), "gen": ("Case", "Gen"),
    "dat": ("Case", "Dat"), "acc": ("Case", "Acc"), "inst": ("Case", "Ins"), "loc": ("Case", "Loc"),
    "voc": ("Case", "Voc"), "f": ("Gender", "Fem"), "n": ("Gender", "Neut"), "m1": ("Gender", "Masc"),
    "m2": ("Gender", "Masc"), "m3": ("Gender", "Masc"), "pri": ("Person", "1"), "sec": ("Person", "2"),
    "ter": ("Person", "3"), "imperf": ("Aspect", "Imp"), "perf": ("Aspect", "Perf"), "com": ("Degree", "Cmp"),
    "sup": ("Degree", "Sup"), "neg": ("Polarity", "Neg"), "aff": ("Polarity", "Pos"),
}  # fmt: skip
_VERB_FORMS = {
    "fin": {"VerbForm": "Fin", "Mood": "Ind", "Tense": "Pres"}, "praet": {"VerbForm": "Fin", "Tense": "Past"},
    "impt": {"VerbForm": "Fin", "Mood": "Imp"}, "inf": {"VerbForm": "Inf"}, "imps": {"VerbForm": "Fin"},
    "pcon": {"VerbForm": "Conv"}, "pant": {"VerbForm": "Conv"}, "bedzie": {"VerbForm": "Fin", "Tense": "Fut"},
    "aglt": {"VerbForm": "Fin"}, "pact": {"VerbForm": "Part"}, "ppas": {"VerbForm": "Part"},
    "ger": {"VerbForm": "Vnoun"},
}  # fmt: skip

Interpretation = tuple[str, str, str, list[str], list[str]]  # form, lemma, tag, names, qualifiers


def nkjp_to_ud(tag: str, lemma: str) -> tuple[str, str]:
    """An NKJP tag (`praet:sg:m1.m2.m3:perf`) -> (UPOS, UD feats); a dotted value (`m1.m2.m3`) gives its first."""
    cls, *values = tag.split(":")
    upos = CLASSES.get(cls, "X")
    feats: dict[str, str] = dict(_VERB_FORMS.get(cls, {}))
    for value in values:
        # A dotted value (`m1.m2.m3`, `m2.m3.f.n`) is a set: kept only when it is one UD value.
        mapped = {_VALUES[v] for v in value.split(".") if v in _VALUES}
        if len(mapped) == 1:
            key, ud = mapped.pop()
            feats.setdefault(key, ud)
    if (cls == "subst" and lemma in _PRONOUN_LEMMAS) or lemma == "się":
        upos = "PRON"
    elif cls in ("ppron12", "ppron3"):
        feats["PronType"] = "Prs"
    elif cls == "siebie" or lemma == "się":
        feats.update(PronType="Prs", Reflex="Yes")
    if lemma == "się":
        feats.update(PronType="Prs", Reflex="Yes")
    elif lemma == "nie" and upos == "PART":
        feats["Polarity"] = "Neg"
    if lemma in ("być", "zostać") and upos == "VERB":
        upos = "AUX"
    if cls not in ("fin", "bedzie", "aglt", "impt", "ppron12", "ppron3"):
        feats.pop("Person", None)
    return upos, feats_string(feats)


def clean_lemma(lemma: str) -> str:
    """Morfeusz's homonym marks go: `kot:Sm1` -> `kot`, `i:C` -> `i` (but `:` alone stays)."""
    return lemma.split(":", 1)[0] if len(lemma) > 1 else lemma


def rank(word: str, interp: Interpretation) -> tuple[int, int]:
    """The rule's key for one reading (lower is better)."""
    _, _, tag, _, qualifiers = interp
    cls = tag.split(":", 1)[0]
    preferred = FUNCTION_WORDS.get(word.lower())
    order = 0 if cls == preferred else 1 + (CLASS_ORDER.index(cls) if cls in CLASS_ORDER else len(CLASS_ORDER))
    return (1 if qualifiers else 0, order)


def choose_path(word: str, edges: Sequence[tuple[int, int, Interpretation]]) -> list[Interpretation]:
    """From Morfeusz's graph of a word, the best reading at each node until the word's end."""
    end = max((e for _, e, _ in edges), default=0)
    node, path = 0, []
    while node < end:
        out = [(i, (s, e, interp)) for i, (s, e, interp) in enumerate(edges) if s == node]
        if not out:
            break
        _, (_, node, interp) = min(out, key=lambda item: (rank(word, item[1][2]), item[0]))
        path.append(interp)
    return path


# Segments that are clitics of the word before them (UD Polish splits them off): `-(e)m`, `-ś`, `by`, `-że`.
_CLITIC_CLASSES = frozenset({"aglt", "qub", "part"})


def segments_to_tokens(word: str, path: Sequence[Interpretation]) -> list[Analysis]:
    """The word's tokens: one per segment when the later segments are clitics, else one for the whole word."""
    if not path:
        return [token(word, word, "X")]
    if len(path) > 1 and any(tag.split(":", 1)[0] not in _CLITIC_CLASSES for _, _, tag, _, _ in path[1:]):
        # Cut at a hyphen or into unknown pieces (`mm-hmm`, `biało-czerwony`): one token, tagged as its last
        # piece that is not punctuation, the whole word as its lemma.
        content = [p for p in path if not p[2].startswith(("interp", "ign"))] or [path[-1]]
        upos, feats = nkjp_to_ud(content[-1][2], clean_lemma(content[-1][1]))
        return [token(word, word, upos, feats)]
    tokens = []
    for form, lemma, tag, _, _ in path:
        lemma = clean_lemma(lemma)
        upos, feats = nkjp_to_ud(tag, lemma)
        tokens.append(token(form if len(path) > 1 else word, lemma, upos, feats))
    return tokens


def load(lang: str) -> TagOnlyAnalyzer:
    """Morfeusz 2 (its dictionary ships in the wheel)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("Morfeusz 2", lang, LANGUAGES, DISTRIBUTIONS[0])
    import morfeusz2  # type: ignore[import-untyped]

    morfeusz: Any = morfeusz2.Morfeusz()

    @lru_cache(maxsize=1 << 16)
    def tag_word(word: str) -> tuple[Analysis, ...]:
        edges = [(int(s), int(e), tuple(i)) for s, e, i in morfeusz.analyse(word)]
        return tuple(segments_to_tokens(word, choose_path(word, edges)))

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        return from_words(words, lambda word: list(tag_word(word)))

    versions = versions_of("morfeusz2")
    return TagOnlyAnalyzer(tag_utterance, f"morfeusz2-{versions['morfeusz2']}", versions)
