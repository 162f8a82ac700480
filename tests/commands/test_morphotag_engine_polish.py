"""Morfeusz 2 for Polish through the real package: the reading rule, NKJP -> UD, agglutinates as clitics.

Constructed sentences.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import polish
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def pol() -> Analyzer:
    return polish.load("pol")


def test_reading_rule(pol: Analyzer) -> None:
    words = "mama ma dom i nie to szybko się bawimy".split()
    [tagged] = pol.tag([words])
    assert tagged.words == [range(i, i + 1) for i in range(len(words))]
    rows = {t.text: (t.upos, t.lemma, t.feats) for t in tagged.tokens}
    assert rows["mama"] == ("NOUN", "mama", "Case=Nom|Gender=Fem|Number=Sing")
    assert rows["ma"][:2] == ("VERB", "mieć")  # not the adjective `mój`
    assert rows["dom"] == ("NOUN", "dom", "Gender=Masc|Number=Sing")  # nom.acc: no single case
    assert rows["i"] == ("CCONJ", "i", "")  # not the interjection or particle
    assert rows["nie"] == ("PART", "nie", "Polarity=Neg")  # not the pronoun `on`
    assert rows["to"][:2] == ("PRON", "to")
    assert rows["szybko"] == ("ADV", "szybko", "")  # not the vocative of `szybka`
    assert rows["się"] == ("PRON", "się", "PronType=Prs|Reflex=Yes")
    assert rows["bawimy"] == ("VERB", "bawić", "Aspect=Imp|Mood=Ind|Number=Plur|Person=1|Tense=Pres|VerbForm=Fin")


def test_agglutinate_is_a_clitic_after_the_verb(pol: Analyzer) -> None:
    [tagged] = pol.tag([["poszedłem", "jest"]])
    assert tagged.words == [range(0, 2), range(2, 3)]
    verb, aux, jest = tagged.tokens
    assert (verb.text, verb.lemma, verb.upos) == ("poszedł", "pójść", "VERB")
    assert "Tense=Past" in verb.feats and "Gender=Masc" in verb.feats
    assert (aux.text, aux.lemma, aux.upos) == ("em", "być", "AUX") and "Person=1" in aux.feats
    assert (jest.upos, jest.lemma) == ("AUX", "być")
    assert mor_word(verb, "pol") == "verb|pójść-Fin-Perf-Past-S"


def test_tag_pieces() -> None:
    assert polish.nkjp_to_ud("adj:pl:nom.voc:m2.m3.f.n:pos", "ładny") == ("ADJ", "Number=Plur")
    assert polish.nkjp_to_ud("subst:sg:inst:f", "mama") == ("NOUN", "Case=Ins|Gender=Fem|Number=Sing")
    assert polish.nkjp_to_ud("inf:perf", "zrobić") == ("VERB", "Aspect=Perf|VerbForm=Inf")
    assert polish.clean_lemma("kot:Sm1") == "kot" and polish.clean_lemma(":") == ":"


def test_qualified_readings_lose() -> None:
    plain: polish.Interpretation = ("kota", "kot:Sm2", "subst:sg:gen.acc:m2", [], [])
    slang: polish.Interpretation = ("kota", "kot:Sm1", "subst:sg:gen.acc:m1", [], ["pot."])
    assert polish.choose_path("kota", [(0, 1, slang), (0, 1, plain)]) == [plain]


def test_unserved_language_names_the_package(pol: Analyzer) -> None:
    assert pol.parses is False and pol.model.startswith("morfeusz2-1.99")
    with pytest.raises(LanguageNotServed, match=r"morfeusz2==1\.99\.15.*not 'ces'"):
        polish.load("ces")


def test_a_hyphenated_word_stays_one_token(pol: Analyzer) -> None:
    [tagged] = pol.tag([["mm-hmm", "biało-czerwony"]])
    assert tagged.words == [range(0, 1), range(1, 2)]
    assert [(t.text, t.lemma) for t in tagged.tokens] == [("mm-hmm", "mm-hmm"), ("biało-czerwony", "biało-czerwony")]
    assert tagged.tokens[1].upos == "ADJ"
