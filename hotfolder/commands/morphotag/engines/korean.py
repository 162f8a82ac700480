"""Korean through Kiwi (kiwipiepy): each CHAT word (eojeol) -> its morphemes -> one UD token.

batchalign tags Korean pretokenized, one %mor item per eojeol with no clitics,
so here too an eojeol is one token: its UPOS comes from its head, the first
content morpheme (a noun, verb or adjective stem, pronoun, adverb...), turned
into a VERB/ADJ by a derivational suffix (`공부`+`하` -> VERB `공부하다`); its
lemma is the head (a verb or adjective stem gets `다`, the dictionary form);
its particles and endings become UD features: case particles give Case
(이/가 Nom, 을/를 Acc, 의 Gen, 에/에게/한테 Dat, 에서 Loc, (으)로 Ins, 와/과/랑/하고
Com, vocative Voc), the plural suffix 들 Number=Plur, a past 었/았/였 Tense=Past,
a final ending VerbForm=Fin, an adnominal ending VerbForm=Part, a nominal one
VerbForm=Vnoun, a connective one VerbForm=Conv. Kiwi analyses each eojeol
on its own (its best analysis), so the CHAT word boundaries hold.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~7,000 utt/s without
the word cache (~45,000 eojeols/s), far more with it; load ~2.5 s; max RSS ~590 MB
(Kiwi's language model).
"""

from __future__ import annotations

import warnings
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

LANGUAGES = {"kor": "Kiwi's default model (kiwipiepy-model)"}
DISTRIBUTIONS = ("kiwipiepy==0.24.1", "kiwipiepy-model==0.24.0")

# Sejong tag of a content morpheme -> UPOS (Kiwi's tags; -I and -R variants stripped first).
HEADS = {
    "NNG": "NOUN", "NNB": "NOUN", "NNP": "PROPN", "NR": "NUM", "NP": "PRON", "VV": "VERB", "VA": "ADJ",
    "VX": "AUX", "VCP": "VERB", "VCN": "ADJ", "MM": "DET", "MAG": "ADV", "MAJ": "CCONJ", "IC": "INTJ",
    "SN": "NUM", "SL": "X", "SH": "X", "SW": "SYM", "SF": "PUNCT", "SP": "PUNCT", "SS": "PUNCT",
    "SE": "PUNCT", "SO": "PUNCT", "XR": "NOUN", "W_URL": "X", "W_EMAIL": "X", "W_HASHTAG": "X",
    "W_MENTION": "X", "W_SERIAL": "NUM", "W_EMOJI": "SYM", "Z_CODA": "X", "UN": "X",
}  # fmt: skip
_DERIVING = {"XSV": "VERB", "XSA": "ADJ"}
CASES = {
    "JKS": "Nom",
    "JKC": "Nom",
    "JKO": "Acc",
    "JKG": "Gen",
    "JKV": "Voc",
}
_ADVERBIAL_CASES = {
    "에": "Dat", "에게": "Dat", "한테": "Dat", "께": "Dat", "에서": "Loc", "에게서": "Abl", "한테서": "Abl",
    "로": "Ins", "으로": "Ins", "와": "Com", "과": "Com", "랑": "Com", "이랑": "Com", "하고": "Com",
}  # fmt: skip
_ENDINGS = {"EF": "Fin", "ETM": "Part", "ETN": "Vnoun", "EC": "Conv"}


def _base(tag: str) -> str:
    return tag.split("-", 1)[0]


def eojeol_token(word: str, morphemes: Sequence[tuple[str, str]]) -> Analysis:
    """One eojeol's token from Kiwi's (form, tag) morphemes."""
    tags = [_base(t) for _, t in morphemes]
    head = next((i for i, t in enumerate(tags) if t in HEADS), None)
    if head is None:
        return token(word, word, "X")
    upos = HEADS[tags[head]]
    lemma = morphemes[head][0]
    predicate = tags[head] in ("VV", "VA", "VX", "VCN")
    if tags[head] == "VCP":  # a bare copula eojeol (`이야`)
        lemma, predicate = "이", True
    feats: dict[str, str] = {}
    for (form, _), tag in zip(morphemes[head + 1 :], tags[head + 1 :]):
        if tag in _DERIVING and not predicate:
            upos, lemma, predicate = _DERIVING[tag], lemma + form, True
        elif tag in CASES:
            feats["Case"] = CASES[tag]
        elif tag == "JKB" and form in _ADVERBIAL_CASES:
            feats["Case"] = _ADVERBIAL_CASES[form]
        elif tag == "XSN" and form == "들":
            feats["Number"] = "Plur"
        elif tag == "EP" and form in ("었", "았", "였", "ᆻ", "엇"):
            feats["Tense"] = "Past"
        elif tag in _ENDINGS and predicate and "VerbForm" not in feats:
            feats["VerbForm"] = _ENDINGS[tag]
    if predicate:
        lemma += "다"  # the dictionary form of a verb or adjective stem
    return token(word, lemma, upos, feats_string(feats))


def load(lang: str) -> TagOnlyAnalyzer:
    """Kiwi with the model kiwipiepy-model installs."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("Kiwi", lang, LANGUAGES, " + ".join(DISTRIBUTIONS))
    from kiwipiepy import Kiwi  # type: ignore[import-untyped]

    with warnings.catch_warnings():
        # 0 is a single thread (the calling one) since kiwipiepy 0.21, which says so in a DeprecationWarning:
        # a worker process tags on its own core, without a thread pool.
        warnings.filterwarnings("ignore", message=r"behavior of `num_workers=0`", category=DeprecationWarning)
        kiwi: Any = Kiwi(num_workers=0)

    kiwi.tokenize("가")  # Kiwi loads its language model on the first call (~1.5 s): now, not on the first file

    @lru_cache(maxsize=1 << 16)
    def tag_word(word: str) -> Analysis:
        return eojeol_token(word, [(m.form, str(m.tag)) for m in kiwi.tokenize(word)])

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        return from_words(words, lambda word: [tag_word(word)])

    versions = versions_of("kiwipiepy", "kiwipiepy_model")
    return TagOnlyAnalyzer(tag_utterance, f"kiwipiepy-{versions['kiwipiepy']}", versions)
