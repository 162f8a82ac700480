"""Mandarin through jieba's posseg: its ICTCLAS-style tags mapped to UD UPOS, one token per CHAT word.

CHAT Mandarin is already cut into words by spaces, and batchalign tags it
pretokenized (one %mor item per word, no clitics), so each CHAT word gets one
token here too. jieba cuts a word only when its dictionary does not hold it
whole; then the word keeps one token: a verb piece makes it a VERB (the
predicate, `吃饭了`), otherwise its last content piece decides (Chinese noun
phrases are head-final: `小朋友们`), and the function pieces it drops become
features (`们` Number=Plur, `了`/`过` Aspect=Perf, `着` Aspect=Prog) and leave the
lemma. Tags are per word, without context (posseg is a dictionary + HMM).
`是` and the modal verbs are AUX, as in UD Chinese; localisers (`f`, `上` `里`)
are ADP, classifiers (`q`) NOUN, as UD Chinese GSD tags them.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~25,000 utt/s without
the word cache, far more with it; load ~2-4 s (jieba builds its prefix dictionary,
cached in the temp folder); max RSS ~260 MB.
"""

from __future__ import annotations

import logging
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

LANGUAGES = {"zho": "jieba default dictionary (Simplified and Traditional Chinese)"}
DISTRIBUTIONS = ("jieba==0.42.1",)

# jieba's tag (longest matching prefix wins) -> UPOS.
TAGS = {
    "a": "ADJ", "ad": "ADV", "an": "NOUN", "b": "ADJ", "c": "CCONJ", "d": "ADV", "e": "INTJ", "f": "ADP",
    "g": "NOUN", "h": "PART", "i": "VERB", "j": "PROPN", "k": "PART", "l": "NOUN", "m": "NUM", "n": "NOUN",
    "ng": "NOUN", "nr": "PROPN", "ns": "PROPN", "nt": "PROPN", "nz": "PROPN", "o": "INTJ", "p": "ADP",
    "q": "NOUN", "r": "PRON", "s": "NOUN", "t": "NOUN", "u": "PART", "ul": "AUX", "uz": "AUX", "ug": "AUX",
    "v": "VERB", "vd": "ADV", "vn": "VERB", "x": "X", "y": "PART", "z": "ADJ", "eng": "X", "w": "PUNCT",
}  # fmt: skip
AUXILIARIES = frozenset("是 会 能 要 可以 应该 应当 敢 肯 愿意 能够 會 應該 願意 能夠".split())
DETERMINERS = frozenset("这 那 这个 那个 这些 那些 这儿 每 各 這 這個 那個 這些 那些".split())
ASPECT = {"了": "Perf", "过": "Perf", "過": "Perf", "着": "Prog", "著": "Prog"}
_FUNCTION = ("u", "y", "k", "e", "x", "w")  # tags of pieces that cannot head a word


def upos_of(word: str, flag: str) -> str:
    """jieba's tag for `word` -> UPOS (lexical overrides first: 是 AUX, 这个 DET)."""
    if word in AUXILIARIES:
        return "AUX"
    if word in DETERMINERS:
        return "DET"
    for end in range(len(flag), 0, -1):
        upos = TAGS.get(flag[:end])
        if upos is not None:
            return upos
    return "X"


def head_of(pieces: Sequence[tuple[str, str]]) -> int:
    """Which piece of a word jieba cut decides its tag: a verb, else the last content piece."""
    content = [i for i, (_, flag) in enumerate(pieces) if not flag.startswith(_FUNCTION)]
    for i in content:
        if upos_of(*pieces[i]) in ("VERB", "AUX"):
            return i
    return content[-1] if content else 0


def word_token(word: str, pieces: Sequence[tuple[str, str]]) -> Analysis:
    """One CHAT word's token from jieba's pieces of it."""
    if len(pieces) <= 1:
        flag = pieces[0][1] if pieces else "x"
        upos = upos_of(word, flag)
        aspect = ASPECT.get(word) if upos == "AUX" else None
        return token(word, word, upos, f"Aspect={aspect}" if aspect else "")
    head = head_of(pieces)
    upos = upos_of(*pieces[head])
    feats: dict[str, str] = {}
    keep = len(pieces)
    while keep > head + 1 and pieces[keep - 1][1].startswith(_FUNCTION):
        text = pieces[keep - 1][0]
        if text in ("们", "們"):
            feats["Number"] = "Plur"
        elif text in ASPECT:
            feats["Aspect"] = ASPECT[text]
        keep -= 1
    lemma = "".join(text for text, _ in pieces[:keep])
    return token(word, lemma, upos, feats_string(feats))


def load(lang: str) -> TagOnlyAnalyzer:
    """jieba with its bundled dictionary, logging quiet (it prints its cache building otherwise)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("jieba", lang, LANGUAGES, DISTRIBUTIONS[0])
    import jieba  # type: ignore[import-untyped]
    import jieba.posseg  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    cutter: Any = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    cutter.tokenizer.initialize()

    @lru_cache(maxsize=1 << 16)
    def tag_word(word: str) -> Analysis:
        return word_token(word, [(p.word, p.flag) for p in cutter.cut(word)])

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        return from_words(words, lambda word: [tag_word(word)])

    versions = versions_of("jieba")
    return TagOnlyAnalyzer(tag_utterance, f"jieba-{versions['jieba']}", versions)
