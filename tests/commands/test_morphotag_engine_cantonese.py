"""PyCantonese for Cantonese through the real package: UD UPOS per CHAT word, aspect markers' Aspect.

Utterances from batchalign3's `batchalign/tests/support/parity/yue_hku_timed.cha` (REAL excerpt: AphasiaBank
Cantonese HKU A023; TalkBank/batchalign3, BSD-3-Clause; ../shared/corpus/SOURCES.md).
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import cantonese
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def yue() -> Analyzer:
    return cantonese.load("yue")


def test_corpus_utterances(yue: Analyzer) -> None:
    first, second = yue.tag([["但係", "攞", "遮", "冇", "用"], "係 出去 冇 耐 就 淋濕 咗 雨".split()])
    assert [t.upos for t in first.tokens] == ["CCONJ", "VERB", "NOUN", "VERB", "VERB"]
    rows = {t.text: (t.upos, t.lemma, t.feats) for t in second.tokens}
    assert rows["係"][0] == "VERB" and rows["淋濕"][0] == "VERB" and rows["雨"] == ("NOUN", "雨", "")
    assert rows["咗"] == ("PART", "咗", "Aspect=Perf")
    assert second.words == [range(i, i + 1) for i in range(8)]
    assert all(t.head == -1 and t.relation == "" for t in second.tokens)


def test_pronoun_and_items(yue: Analyzer) -> None:
    [tagged] = yue.tag([["佢", "就", "出去"]])
    assert [t.upos for t in tagged.tokens] == ["PRON", "ADV", "VERB"]
    assert [mor_word(t, "yue") for t in tagged.tokens] == ["pron|佢-Int-S1", "adv|就", "verb|出去-Inf-S"]
    assert yue.parses is False and yue.model == "pycantonese-5.0.0"


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"pycantonese==5\.0\.0.*not 'zho'"):
        cantonese.load("zho")


def test_symbols_and_digits(yue: Analyzer) -> None:
    [tagged] = yue.tag([["我", "3", "„", "食"]])
    assert [t.upos for t in tagged.tokens][1:3] == ["NUM", "PUNCT"]
