"""Kiwi for Korean through the real package: one token per eojeol, head morpheme's UPOS, endings as features.

Constructed sentences.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import korean
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def kor() -> Analyzer:
    return korean.load("kor")


def test_eojeols(kor: Analyzer) -> None:
    words = "나는 학교에 갔어요 예쁜 꽃을 친구들이랑 집에서 공부했어 빨리".split()
    [tagged] = kor.tag([words])
    assert tagged.words == [range(i, i + 1) for i in range(len(words))]
    rows = {t.text: (t.upos, t.lemma, t.feats) for t in tagged.tokens}
    assert rows["나는"] == ("PRON", "나", "")
    assert rows["학교에"] == ("NOUN", "학교", "Case=Dat")
    assert rows["갔어요"] == ("VERB", "가다", "Tense=Past|VerbForm=Fin")
    assert rows["예쁜"] == ("ADJ", "예쁘다", "VerbForm=Part")
    assert rows["꽃을"] == ("NOUN", "꽃", "Case=Acc")
    assert rows["친구들이랑"] == ("NOUN", "친구", "Case=Com|Number=Plur")
    assert rows["집에서"] == ("NOUN", "집", "Case=Loc")
    assert rows["공부했어"] == ("VERB", "공부하다", "Tense=Past|VerbForm=Fin")
    assert rows["빨리"] == ("ADV", "빨리", "")


def test_morphemes_to_token() -> None:
    assert korean.eojeol_token("엄마가", [("엄마", "NNG"), ("가", "JKS")]).feats == "Case=Nom"
    assert korean.eojeol_token("먹어", [("먹", "VV-R"), ("어", "EF")])[1:4] == ("먹다", "VERB", "VerbForm=Fin")
    assert korean.eojeol_token("??", [("?", "SF"), ("?", "SF")]).upos == "PUNCT"
    assert korean.eojeol_token("ᆫ", [("ᆫ", "ETM")]).upos == "X"  # no content morpheme


def test_items(kor: Analyzer) -> None:
    [tagged] = kor.tag([["엄마가", "밥을", "먹었어"]])
    assert [mor_word(t, "kor") for t in tagged.tokens] == ["noun|엄마-Nom", "noun|밥-Acc", "verb|먹다-Fin-Past-S"]
    assert kor.parses is False and kor.model == "kiwipiepy-0.24.1"


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"kiwipiepy==0\.24\.1 \+ kiwipiepy-model==0\.24\.0.*not 'jpn'"):
        korean.load("jpn")
