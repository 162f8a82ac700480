"""pymorphy3 for Russian and Ukrainian through the real packages: OpenCorpora tags -> UD (constructed sentences)."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import pymorphy
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def rus() -> Analyzer:
    return pymorphy.load("rus")


@pytest.fixture(scope="module")
def ukr() -> Analyzer:
    return pymorphy.load("ukr")


def _rows(analyzer: Analyzer, text: str) -> dict[str, tuple[str, str, str]]:
    [tagged] = analyzer.tag([text.split()])
    assert tagged.words == [range(i, i + 1) for i in range(len(text.split()))]
    return {t.text: (t.upos, t.lemma, t.feats) for t in tagged.tokens}


def test_russian(rus: Analyzer) -> None:
    rows = _rows(rus, "Маша видит раму и я пошёл не быстро в лес что был больше")
    assert rows["Маша"] == ("PROPN", "Маша", "Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing")
    assert rows["раму"] == ("NOUN", "рама", "Animacy=Inan|Case=Acc|Gender=Fem|Number=Sing")
    assert rows["я"] == ("PRON", "я", "Case=Nom|Number=Sing|Person=1|PronType=Prs")
    assert rows["пошёл"] == ("VERB", "пойти", "Aspect=Perf|Gender=Masc|Mood=Ind|Number=Sing|Tense=Past|VerbForm=Fin")
    assert rows["видит"][:2] == ("VERB", "видеть") and "Person=3" in rows["видит"][2]
    assert rows["и"][0] == "CCONJ" and rows["что"][0] == "SCONJ" and rows["не"][0] == "PART"
    assert rows["быстро"][0] == "ADV" and rows["в"][0] == "ADP"
    assert rows["был"][:2] == ("AUX", "быть")
    assert rows["больше"][2] == "Degree=Cmp"


def test_ukrainian(ukr: Analyzer) -> None:
    rows = _rows(ukr, "мама пішла у садок я")
    assert rows["мама"] == ("NOUN", "мама", "Animacy=Anim|Case=Nom|Gender=Fem|Number=Sing")
    assert rows["пішла"][:2] == ("VERB", "піти") and "Tense=Past" in rows["пішла"][2]
    assert rows["у"][0] == "ADP"
    assert rows["я"][:2] == ("PRON", "я") and "PronType=Prs" in rows["я"][2]


def test_tag_mapping_pieces() -> None:
    assert pymorphy.to_ud("INFN,impf,tran", "читать", "читать") == ("VERB", "Aspect=Imp|VerbForm=Inf")
    assert pymorphy.to_ud("ADJS,Qual femn,sing", "красивый", "красива")[1] == ("Gender=Fem|Number=Sing|Variant=Short")
    assert pymorphy.to_ud("GRND,perf,intr past", "прийти", "придя") == ("VERB", "Aspect=Perf|Tense=Past|VerbForm=Conv")
    assert pymorphy.to_ud("NOUN,inan,masc sing,loc2", "лес", "лесу")[1].startswith("Animacy=Inan|Case=Loc")


def test_items(rus: Analyzer) -> None:
    [tagged] = rus.tag([["я", "вижу", "кошку"]])
    assert [mor_word(t, "rus") for t in tagged.tokens] == [
        "pron|я-Prs-Nom-S1", "verb|видеть-Fin-Imp-Ind-Pres-S1", "noun|кошка-Fem-Acc",
    ]  # fmt: skip
    assert rus.parses is False and rus.model == "pymorphy3-2.0.6"


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"pymorphy3==2\.0\.6.*rus, ukr, not 'bel'"):
        pymorphy.load("bel")
