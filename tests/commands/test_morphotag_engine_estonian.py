"""EstNLTK's Vabamorf + UD converter for Estonian through the real package, with no NLTK punkt (constructed sentences)."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import estonian
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def est() -> Analyzer:
    return estonian.load("est")


def test_ud_upos_lemma_feats(est: Analyzer) -> None:
    first, second = est.tag([["ma", "näen", "kahte", "koera"], ["emme", "tuli", "koju", "täna"]])
    rows = {t.text: (t.upos, t.lemma, t.feats) for t in (*first.tokens, *second.tokens)}
    assert rows["ma"] == ("PRON", "mina", "Case=Nom|Number=Sing|Person=1|PronType=Prs")
    assert rows["näen"] == ("VERB", "nägema", "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin|Voice=Act")
    assert rows["kahte"][:2] == ("NUM", "kaks") and "Case=Par" in rows["kahte"][2]
    assert rows["koera"] == ("NOUN", "koer", "Case=Par|Number=Sing")
    assert rows["tuli"][:2] == ("VERB", "tulema") and "Tense=Past" in rows["tuli"][2]
    assert rows["koju"] == ("NOUN", "kodu", "Case=Add|Number=Sing")
    assert rows["täna"][0] == "ADV"
    assert first.words == [range(i, i + 1) for i in range(4)]


def test_repeated_words_and_item_style(est: Analyzer) -> None:
    [tagged] = est.tag([["koer", "ja", "koer"]])
    assert [t.text for t in tagged.tokens] == ["koer", "ja", "koer"]
    assert [mor_word(t, "est") for t in tagged.tokens] == ["noun|koer-Nom", "cconj|ja", "noun|koer-Nom"]
    assert est.parses is False and est.model == "estnltk-1.7.5"


def test_word_spans() -> None:
    assert estonian.word_spans([["ma", "näen"], ["jah"]]) == ("ma näen\njah", [[(0, 2), (3, 7)], [(8, 11)]])


def test_batches_keep_utterances_apart(est: Analyzer) -> None:
    utterances = [["koer"], [], ["ma", "näen", "koera"]] * 150  # more than one batch, empty ones among them
    tagged = est.tag(utterances)
    assert [len(t.tokens) for t in tagged] == [len(words) for words in utterances]
    assert [t.text for t in tagged[-1].tokens] == ["ma", "näen", "koera"] and tagged[1].words == []
    assert tagged[-1].tokens[1].lemma == "nägema" and tagged[-1].words == [range(0, 1), range(1, 2), range(2, 3)]


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"estnltk==1\.7\.5.*not 'fin'"):
        estonian.load("fin")
