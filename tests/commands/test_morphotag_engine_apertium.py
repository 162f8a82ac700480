"""morphotag's apertium engine through the real Debian analysers: UPOS, lemma and UD features per language.

Real utterances where ../shared/corpus has the language: Galician from the Koine
excerpt in talkbank-tools/test-fixtures/bullet_repair_e704.cha (speaker PIL;
TalkBank, BSD-3-Clause), Swedish from testchat/good/mod.cha (shortenings
written out). Other languages: short constructed sentences.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.catalog import NoEngine
from hotfolder.commands.morphotag.engines import apertium_tagger
from hotfolder.commands.morphotag.engines.apertium_stream import Unit, analysis_stages, units
from hotfolder.commands.morphotag.engines.apertium_tagger import ApertiumMissing, align, load
from hotfolder.commands.morphotag.engines.apertium_tags import to_ud

# (lang, utterance, word, expected lemma, UPOS, features that must be among the token's)
KNOWN = [
    ("cat", "el gat del nen menja pa", "gat", "gat", "NOUN", "Gender=Masc|Number=Sing"),
    ("cat", "el gat del nen menja pa", "menja", "menjar", "VERB", "Mood=Ind|Person=3|Tense=Pres|VerbForm=Fin"),
    ("cat", "el gat del nen menja pa", "el", "el", "DET", "Definite=Def|PronType=Art"),
    ("ita", "il gatto mangia nella casa", "gatto", "gatto", "NOUN", "Gender=Masc|Number=Sing"),
    ("ita", "il gatto mangia nella casa", "mangia", "mangiare", "VERB", "Number=Sing|Person=3|Tense=Pres"),
    ("por", "o menino comeu o bolo", "comeu", "comer", "VERB", "Mood=Ind|Tense=Past|VerbForm=Fin"),
    ("por", "o menino comeu o bolo", "menino", "menino", "NOUN", "Gender=Masc|Number=Sing"),
    ("glg", "pero antes dixeche outra cousa Gonzalo", "cousa", "cousa", "NOUN", "Gender=Fem|Number=Sing"),
    ("glg", "pero antes dixeche outra cousa Gonzalo", "pero", "pero", "CCONJ", ""),
    ("glg", "pero antes dixeche outra cousa Gonzalo", "antes", "antes", "ADV", ""),
    ("glg", "pero antes dixeche outra cousa Gonzalo", "Gonzalo", "Gonzalo", "PROPN", ""),
    ("glg", "e ti peinaste polas mañáns", "e", "e", "CCONJ", ""),
    ("swe", "nej vill ha hand", "hand", "hand", "NOUN", "Definite=Ind|Gender=Com|Number=Sing"),
    ("swe", "nej vill ha hand", "ha", "ha", "VERB", "VerbForm=Inf"),
    ("swe", "jag har sett en hund i huset", "huset", "hus", "NOUN", "Definite=Def|Gender=Neut|Number=Sing"),
    ("swe", "jag har sett en hund i huset", "sett", "se", "VERB", "VerbForm=Sup"),
    ("swe", "jag har sett en hund i huset", "jag", "jag", "PRON", "Case=Nom|Person=1|PronType=Prs"),
    ("swe", "nej vill ha hand", "vill", "vilja", "AUX", "Tense=Pres|VerbForm=Fin"),
    ("swe", "hunden är stor", "är", "vara", "AUX", "Tense=Pres"),  # the dictionary's lemma is `vara¹`
    ("dan", "jeg har set en hund i huset", "har", "have", "AUX", "Tense=Pres|VerbForm=Fin"),
    ("dan", "jeg har set en hund i huset", "en", "en", "DET", "Definite=Ind|PronType=Art"),
    ("hrv", "djeca se igraju u vrtu", "djeca", "dijete", "NOUN", "Case=Nom|Gender=Neut|Number=Plur"),
    ("hrv", "djeca se igraju u vrtu", "igraju", "igrati", "VERB", "Number=Plur|Person=3|Tense=Pres"),
    ("hrv", "ja sam vidio psa", "ja", "ja", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs"),
    ("hrv", "djeca se igraju u vrtu", "se", "sebe", "PRON", "PronType=Prs|Reflex=Yes"),
    ("hrv", "ja sam vidio psa", "sam", "biti", "AUX", "Number=Sing|Person=1|Tense=Pres"),
    ("hrv", "ja sam vidio psa", "vidio", "vidjeti", "VERB", "Gender=Masc|Tense=Past|VerbForm=Part"),
    ("eus", "etxera joan naiz eta katua ikusi dut", "etxera", "etxe", "NOUN", "Case=All|Definite=Def|Number=Sing"),
    ("eus", "etxera joan naiz eta katua ikusi dut", "naiz", "izan", "AUX", "VerbForm=Fin"),
    ("eus", "etxera joan naiz eta katua ikusi dut", "eta", "eta", "CCONJ", ""),
    ("spa", "el gato come", "come", "comer", "VERB", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
]


@pytest.mark.parametrize(("lang", "utterance", "word", "lemma", "upos", "feats"), KNOWN)
def test_known_words(lang: str, utterance: str, word: str, lemma: str, upos: str, feats: str) -> None:
    words = utterance.split()
    tagged = load(lang).tag([words])[0]
    tokens = [tagged.tokens[i] for i in tagged.words[words.index(word)]]
    assert len(tokens) == 1, tokens
    token = tokens[0]
    assert (token.lemma, token.upos) == (lemma, upos), token
    assert set(filter(None, feats.split("|"))) <= set(token.feats.split("|")), token.feats
    assert (token.relation, token.head) == ("", -1)


@pytest.mark.parametrize(
    ("lang", "utterance", "word", "expected"),
    [
        ("spa", "el gato del niño", "del", [("de", "ADP"), ("el", "DET")]),
        ("spa", "dámelo ahora", "dámelo", [("dar", "VERB"), ("yo", "PRON"), ("él", "PRON")]),  # AnCora's lemmas
        ("cat", "el gat del nen", "del", [("de", "ADP"), ("el", "DET")]),
        ("ita", "il gatto nella casa", "nella", [("in", "ADP"), ("il", "DET")]),
        ("por", "o gato do menino", "do", [("de", "ADP"), ("o", "DET")]),
        ("glg", "e ti peinaste polas mañáns", "polas", [("por", "ADP"), ("o", "DET")]),
    ],
)
def test_contractions_give_one_token_per_part(lang: str, utterance: str, word: str, expected: list[tuple[str, str]]) -> None:
    words = utterance.split()
    tagged = load(lang).tag([words])[0]
    assert len(tagged.words) == len(words)
    parts = [tagged.tokens[i] for i in tagged.words[words.index(word)]]
    assert [(token.lemma, token.upos) for token in parts] == expected


def test_an_italian_elided_article_follows_its_noun() -> None:
    words = ["l'amico", "mangia"]
    tagged = load("ita").tag([words])[0]
    assert [(t.text, t.lemma, t.upos) for t in tagged.tokens[: len(tagged.words[0])]] == [("amico", "amico", "NOUN"), ("l'", "il", "DET")]
    assert [len(r) for r in tagged.words] == [2, 1]


def test_basque_suffixes_make_one_word() -> None:
    tagged = load("eus").tag([["katua", "etxera"]])[0]
    assert [len(r) for r in tagged.words] == [1, 1]
    assert tagged.tokens[0].feats == "Case=Abs|Definite=Def|Number=Sing"
    assert tagged.tokens[1].feats == "Case=All|Definite=Def|Number=Sing"


def test_a_multiword_across_chat_words_is_undone() -> None:
    # apertium reads `a poc a poc` / `a lo mejor` as one adverb; CHAT has one item per word.
    for lang, words in [("cat", "menja a poc a poc".split()), ("spa", "a lo mejor come".split())]:
        tagged = load(lang).tag([words])[0]
        assert len(tagged.words) == len(words)
        assert all(len(r) == 1 for r in tagged.words), tagged
        assert [tagged.tokens[r[0]].text for r in tagged.words] == words
        assert tagged.tokens[tagged.words[words.index("a")][0]].upos == "ADP"


def test_a_batch_tags_each_utterance_as_if_alone() -> None:
    engine = load("cat")
    utterances = [["el", "gat", "menja"], [], ["pa"], ["el", "nen", ",", "el", "gat"]]
    batch = engine.tag(utterances)
    assert [len(t.words) for t in batch] == [3, 0, 1, 5]
    assert batch == [engine.tag([u])[0] for u in utterances]
    assert batch[3].tokens[2].upos == "PUNCT"


def test_lemmas_take_the_dictionary_case() -> None:
    for lang, words in [("por", ["O", "Menino", "comeu"]), ("spa", ["El", "Gato", "come"])]:
        tagged = load(lang).tag([words])[0]
        assert [token.lemma for token in tagged.tokens] == [words[0].lower(), words[1].lower(), "comer"]
        assert [token.text for token in tagged.tokens] == words


def test_unknown_and_blank_words() -> None:
    tagged = load("cat").tag([["el", "xyzzq", "Xyzzq", "-"]])[0]
    assert [tagged.tokens[r[0]].upos for r in tagged.words] == ["DET", "X", "PROPN", "PUNCT"]
    assert tagged.tokens[tagged.words[1][0]].lemma == "xyzzq"


def test_provenance_names_the_debian_package() -> None:
    engine = load("swe")
    assert engine.parses is False
    assert engine.model.startswith("apertium-swe-dan-")
    assert set(engine.versions) == {"apertium", "apertium-swe-dan"}


def test_a_missing_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(apertium_tagger.LANGUAGES, "xxx", ("xxx-yyy", "apertium-xxx-yyy"))
    with pytest.raises(ApertiumMissing, match="apt-get install apertium-xxx-yyy") as caught:
        load("xxx")
    assert isinstance(caught.value, NoEngine) and caught.value.package == "apertium-xxx-yyy"
    with pytest.raises(NoEngine, match="no apertium analyser for language 'deu'"):
        load("deu")


def test_every_debian_package_and_mode_is_listed() -> None:
    assert set(apertium_tagger.DEBIAN_PACKAGES) >= {package for _, package in apertium_tagger.LANGUAGES.values()}
    assert {"cat", "ita", "por", "glg", "swe", "dan", "hrv", "eus"} <= set(apertium_tagger.LANGUAGES)


def test_analysis_stages_of_a_mode() -> None:
    mode = "lt-proc -w 'a.automorf.bin' | cg-proc -w -1 -n 'a.rlx.bin' | apertium-tagger -g $2 'a.prob' | apertium-pretransfer | lt-proc -b 'a.autobil.bin'"
    assert analysis_stages(mode) == [
        ["lt-proc", "-z", "-w", "a.automorf.bin"],
        ["cg-proc", "-z", "-w", "-1", "a.rlx.bin"],
        ["apertium-tagger", "-z", "-p", "-g", "a.prob"],
    ]
    assert analysis_stages("lt-proc x.bin | apertium-pretransfer | lt-proc -b y.bin") == [["lt-proc", "-z", "-w", "x.bin"]]


def test_units_and_align() -> None:
    found = units(r"^del/de<pr>+el<det><def><m><sg>$ ^a poc a poc/a poc a poc<adv>$[][\n]^\//\/<sym>$")
    assert found == [Unit("del", "de<pr>+el<det><def><m><sg>"), Unit("a poc a poc", "a poc a poc<adv>"), Unit("/", "/<sym>")]
    assert align(["del", "a", "poc", "a", "poc"], found[:2]) == [[found[0]], None, None, None, None]
    assert align(["dóna-m"], [Unit("dóna", "x"), Unit("m", "y")]) == [[Unit("dóna", "x"), Unit("m", "y")]]


@pytest.mark.parametrize(
    ("reading", "lemma", "upos", "feats"),
    [
        ("gat<n><m><sg>", "gat", "NOUN", "Gender=Masc|Number=Sing"),
        ("menjar<vblex><pri><p3><sg>", "menjar", "VERB", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"),
        ("el<det><def><f><pl>", "el", "DET", "Definite=Def|Gender=Fem|Number=Plur|PronType=Art"),
        ("de<pr>", "de", "ADP", ""),
        ("i<cnjcoo>", "i", "CCONJ", ""),
        ("que<cnjsub>", "que", "SCONJ", ""),
        ("ser<vbser><pii><p1><pl>", "ser", "AUX", "Mood=Ind|Number=Plur|Person=1|Tense=Imp|VerbForm=Fin"),
        ("haver<vbhaver><cni><p3><sg>", "haver", "AUX", "Mood=Cnd|Number=Sing|Person=3|VerbForm=Fin"),
        ("prpers<prn><enc><p1><mf><sg>", "me", "PRON", "Number=Sing|Person=1|PronType=Prs"),
        ("que<rel><an><mf><sp>", "que", "PRON", "PronType=Rel"),
        ("gran<adj><sup><m><sg>", "gran", "ADJ", "Degree=Sup|Gender=Masc|Number=Sing"),
        ("tres<num><mf><pl>", "tres", "NUM", "Number=Plur|NumType=Card"),
        ("hola<ij>", "hola", "INTJ", ""),
        ("Maria<np><ant><f><sg>", "Maria", "PROPN", "Gender=Fem|Number=Sing"),
        ("ra<post>", "ra", "ADP", "Case=All"),
        ("*blick", "blick", "X", ""),
        (",<cm>", ",", "PUNCT", ""),
    ],
)
def test_tag_table(reading: str, lemma: str, upos: str, feats: str) -> None:
    assert tuple(to_ud(reading, lemma)) == (lemma, upos, feats)
