"""HanTa for German and Dutch through the real package: STTS / CGN tags mapped to UD, one token per word.

German utterances from chatter's reference file `corpus/reference/languages/deu-conversation.cha`
(TalkBank/chatter, MIT OR Apache-2.0; ../shared/corpus/SOURCES.md); Dutch ones constructed.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import hanta
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def german() -> Analyzer:
    return hanta.load("deu")


@pytest.fixture(scope="module")
def dutch() -> Analyzer:
    return hanta.load("nld")


def _rows(analyzer: Analyzer, text: str) -> dict[str, tuple[str, str, str]]:
    [tagged] = analyzer.tag([text.split()])
    assert tagged.words == [range(i, i + 1) for i in range(len(text.split()))]
    assert all(t.relation == "" and t.head == -1 for t in tagged.tokens)
    return {t.text: (t.upos, t.lemma, t.feats) for t in tagged.tokens}


def test_german_corpus_utterance_stts_to_ud(german: Analyzer) -> None:
    rows = _rows(german, "ja das ist die Eisenbahn und da gleich danach hört man ein Rufen aus dem Wald")
    assert rows["ist"] == ("AUX", "sein", "VerbForm=Fin")
    assert rows["die"] == ("DET", "der", "Definite=Def|PronType=Art")
    assert rows["Eisenbahn"] == ("NOUN", "Eisenbahn", "")
    assert rows["und"][0] == "CCONJ"
    assert rows["hört"] == ("VERB", "hören", "VerbForm=Fin")
    assert rows["man"] == ("PRON", "man", "PronType=Ind")
    assert rows["aus"][0] == "ADP"
    assert rows["danach"][0] == "ADV"  # PROAV


def test_german_constructed_forms(german: Analyzer) -> None:
    rows = _rows(german, "ich habe nicht zwei Hunde gesehen")
    assert rows["ich"] == ("PRON", "ich", "PronType=Prs")
    assert rows["habe"][0] == "AUX"
    assert rows["nicht"] == ("PART", "nicht", "Polarity=Neg")
    assert rows["zwei"] == ("NUM", "zwei", "NumType=Card")
    assert rows["Hunde"][:2] == ("NOUN", "Hund")
    assert rows["gesehen"] == ("VERB", "sehen", "VerbForm=Part")


def test_stts_table_pieces() -> None:
    assert hanta.stts_to_ud("ART", "ein") == ("DET", "Definite=Ind|PronType=Art")
    assert hanta.stts_to_ud("VV(IMP)", "geben") == ("VERB", "Mood=Imp|VerbForm=Fin")
    assert hanta.stts_to_ud("PPOSAT", "mein") == ("DET", "Poss=Yes|PronType=Prs")
    assert hanta.stts_to_ud("PRF", "sich") == ("PRON", "PronType=Prs|Reflex=Yes")
    assert hanta.stts_to_ud("NEVER", "x") == ("X", "")


def test_dutch_cgn_to_ud(dutch: Analyzer) -> None:
    rows = _rows(dutch, "ik heb twee honden gezien en wij zijn naar huis gegaan")
    assert rows["ik"] == ("PRON", "ik", "Case=Nom|Number=Sing|Person=1|PronType=Prs")
    assert rows["heb"] == ("VERB", "hebben", "Number=Sing|Tense=Pres|VerbForm=Fin")
    assert rows["honden"] == ("NOUN", "hond", "Number=Plur")
    assert rows["gezien"] == ("VERB", "zien", "Tense=Past|VerbForm=Part")
    assert rows["zijn"] == ("AUX", "zijn", "Number=Plur|Tense=Pres|VerbForm=Fin")
    assert rows["en"][0] == "CCONJ"
    assert rows["naar"][0] == "ADP"


def test_dutch_articles_and_pieces() -> None:
    assert hanta.cgn_to_ud("LID(bep,stan,rest)", "de") == ("DET", "Definite=Def|PronType=Art")
    assert hanta.cgn_to_ud("N(eigen,ev,basis,zijd,stan)", "Jan") == ("PROPN", "Number=Sing")
    assert hanta.cgn_to_ud("VG(onder)", "dat") == ("SCONJ", "")
    assert hanta.cgn_to_ud("TW(rang,prenom,stan)", "eerste") == ("ADJ", "NumType=Ord")


def test_items_in_batchalign_style(german: Analyzer) -> None:
    [tagged] = german.tag([["das", "ist", "die", "Eisenbahn"]])
    assert [mor_word(t, "deu") for t in tagged.tokens] == [
        "pron|der-Dem-S1", "aux|sein-Fin-S", "det|der-Def-Art", "noun|Eisenbahn",
    ]  # fmt: skip
    assert german.parses is False and german.model.startswith("HanTa-1.2")


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"HanTa==1\.2\.1.*deu, nld, not 'fra'"):
        hanta.load("fra")


def test_lower_case_words_keep_lower_case_lemmas(german: Analyzer) -> None:
    [tagged] = german.tag([["a", "mm-hmm", "Ball"]])
    assert all(t.lemma[:1].islower() for t in tagged.tokens[:2] if t.upos != "NOUN")
    assert hanta.hanta_lemma("a", "A", "X") == "a" and hanta.hanta_lemma("ball", "Ball", "NOUN") == "Ball"
    assert tagged.tokens[2].lemma == "Ball"
