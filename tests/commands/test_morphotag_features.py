"""Features derived by rule from the parse (english.py, french.py), as tables of analyses, then on the real pipeline."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag import english, french
from hotfolder.commands.morphotag.pipelines import Pipelines
from hotfolder.commands.morphotag.tagger import split_english_clitic
from hotfolder.commands.morphotag.tiers import as_compound_nouns, build_tiers
from hotfolder.commands.morphotag.ud import Analysis, mor_word, parse_feats

Row = tuple[str, str, str, str, str, int]  # text, lemma, upos, feats, relation, head (-1: root)


def parse(*rows: Row) -> list[Analysis]:
    return [Analysis(*row) for row in rows]


def mor(tokens: list[Analysis], question: bool = False) -> list[str]:
    return [mor_word(t, "eng") for t in english.derive(tokens, question)]


I = ("I", "I", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs", "nsubj", 2)  # noqa: E741 - the pronoun
WAS = ("was", "be", "AUX", "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin", "aux", 2)
GOING = ("going", "go", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part", "root", -1)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # "I was going": spaCy's `was` is always third person; the subject says first.
        (parse(I, WAS, GOING), ["pron|I-Prs-Nom-S1", "aux|be-Fin-Ind-Past-S1-irr", "verb|go-Part-Pres-S"]),
        # "beans are fun": the copula agrees with the predicate's subject.
        (
            parse(("beans", "bean", "NOUN", "Number=Plur", "nsubj", 2),
                  ("are", "be", "AUX", "Mood=Ind|Tense=Pres|VerbForm=Fin", "cop", 2),
                  ("fun", "fun", "ADJ", "Degree=Pos", "root", -1)),
            ["noun|bean-Plur", "aux|be-Fin-Ind-Pres-P3", "adj|fun-S1"],
        ),
        # "you like it": a bare present verb gets its person (and Ind) from `you`.
        (
            parse(("you", "you", "PRON", "Case=Nom|Person=2|PronType=Prs", "nsubj", 1),
                  ("like", "like", "VERB", "Tense=Pres|VerbForm=Fin", "root", -1),
                  ("it", "it", "PRON", "Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs", "obj", 1)),
            ["pron|you-Prs-Nom-S2", "verb|like-Fin-Ind-Pres-S2", "pron|it-Prs-Acc-S3"],
        ),
        # "what happened": a pronoun without person is third person.
        (
            parse(("what", "what", "PRON", "", "nsubj", 1), ("happened", "happen", "VERB", "Tense=Past|VerbForm=Fin", "root", -1)),
            ["pron|what-Int-S1", "verb|happen-Fin-Ind-Past-S3"],
        ),
        # "you and I went": a coordinated subject is plural, first person if any conjunct is.
        (
            parse(("you", "you", "PRON", "Case=Nom|Person=2|PronType=Prs", "nsubj", 3),
                  ("and", "and", "CCONJ", "", "cc", 2),
                  ("I", "I", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs", "conj", 0),
                  ("went", "go", "VERB", "Tense=Past|VerbForm=Fin", "root", -1)),
            ["pron|you-Prs-Nom-S2", "cconj|and", "pron|I-Prs-Nom-S1", "verb|go-Fin-Ind-Past-P1-irr"],
        ),
        # "Humpty_Dumpty sat": the name the parser made an adverb is the subject.
        (
            parse(("Humpty_Dumpty", "humpty_dumpty", "ADV", "", "advmod", 1),
                  ("sat", "sit", "VERB", "Tense=Past|VerbForm=Fin", "root", -1)),
            ["propn|HumptyDumpty", "verb|sit-Fin-Ind-Past-S3-irr"],
        ),
        # "thank you": a present verb with no subject and no person is first person.
        (
            parse(("thank", "thank", "VERB", "Tense=Pres|VerbForm=Fin", "root", -1),
                  ("you", "you", "PRON", "Case=Acc|Person=2|PronType=Prs", "obj", 0)),
            ["verb|thank-Fin-Ind-Pres-S1", "pron|you-Prs-Acc-S2"],
        ),
        # "he will go": a modal does not inflect; `'ll` comes from spaCy without VerbForm.
        (
            parse(("he", "he", "PRON", "Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs", "nsubj", 2),
                  ("'ll", "will", "AUX", "", "aux", 2), ("go", "go", "VERB", "VerbForm=Inf", "root", -1)),
            ["pron|he-Prs-Nom-S3", "aux|will-Fin-S", "verb|go-Inf-S"],
        ),
        # "it bang": a bare lexical verb does not spell the third person its subject has; "it turns" does.
        (
            parse(("it", "it", "PRON", "Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs", "nsubj", 1),
                  ("bang", "bang", "VERB", "Tense=Pres|VerbForm=Fin", "root", -1)),
            ["pron|it-Prs-Nom-S3", "verb|bang-Fin-Ind-Pres-S"],
        ),
        (
            parse(("it", "it", "PRON", "Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs", "nsubj", 1),
                  ("turns", "turn", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "root", -1)),
            ["pron|it-Prs-Nom-S3", "verb|turn-Fin-Ind-Pres-S3"],
        ),
    ],
)
def test_agreement_comes_from_the_subject(tokens: list[Analysis], expected: list[str]) -> None:
    assert mor(tokens) == expected


SAY = ("say", "say", "VERB", "VerbForm=Inf", "root", -1)


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (parse(("just", "just", "ADV", "", "advmod", 1), SAY), ["adv|just", "verb|say-Fin-Imp-S"]),
        (
            parse(("be", "be", "AUX", "VerbForm=Inf", "cop", 1), ("quiet", "quiet", "ADJ", "Degree=Pos", "root", -1)),
            ["aux|be-Fin-Imp-S", "adj|quiet-S1"],
        ),
        # "don't go": `do` is the imperative, the verb stays an infinitive (UD English).
        (
            parse(("do", "do", "AUX", "Mood=Ind|Tense=Pres|VerbForm=Fin", "aux", 2),
                  ("n't", "not", "PART", "Polarity=Neg", "advmod", 2), ("go", "go", "VERB", "VerbForm=Inf", "root", -1)),
            ["aux|do-Fin-Imp-S", "part|not", "verb|go-Inf-S"],
        ),
        # "come and sit": a conjoined bare verb without subject too.
        (
            parse(("come", "come", "VERB", "VerbForm=Inf", "root", -1), ("and", "and", "CCONJ", "", "cc", 2),
                  ("sit", "sit", "VERB", "VerbForm=Inf", "conj", 0)),
            ["verb|come-Fin-Imp-S", "cconj|and", "verb|sit-Fin-Imp-S"],
        ),
        # "put it there": spaCy's past `put` heads a subjectless main clause.
        (
            parse(("put", "put", "VERB", "Tense=Past|VerbForm=Fin", "root", -1),
                  ("it", "it", "PRON", "Case=Acc|Gender=Neut|Number=Sing|Person=3|PronType=Prs", "obj", 0)),
            ["verb|put-Fin-Imp-S", "pron|it-Prs-Acc-S3"],
        ),
        # Not imperatives: an infinitive with `to`, one under a modal, one with a subject.
        (
            parse(("to", "to", "PART", "", "mark", 1), ("say", "say", "VERB", "VerbForm=Inf", "root", -1)),
            ["part|to", "verb|say-Inf-S"],
        ),
        (
            parse(("can", "can", "AUX", "VerbForm=Fin", "aux", 2),
                  ("you", "you", "PRON", "Case=Nom|Person=2|PronType=Prs", "nsubj", 2), SAY),
            ["aux|can-Fin-S", "pron|you-Prs-Nom-S2", "verb|say-Inf-S"],
        ),
        (
            parse(("I", "I", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs", "nsubj", 1),
                  ("know", "know", "VERB", "VerbForm=Inf", "xcomp", -1)),
            ["pron|I-Prs-Nom-S1", "verb|know-Inf-S"],
        ),
    ],
)
def test_imperatives_are_fin_imp_not_inf(tokens: list[Analysis], expected: list[str]) -> None:
    assert mor(tokens) == expected


_IS_FEATS = "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"
MOMMY = ("Mommy", "Mommy", "PROPN", "Number=Sing", "root", -1)
S = ("'s", "'s", "PART", "", "case", 0)


@pytest.mark.parametrize(
    ("tokens", "expected_s", "relation"),
    [
        # "Mommy's here": nothing is possessed, so it is `is`.
        (parse(MOMMY, S, ("here", "here", "ADV", "PronType=Dem", "advmod", 0)), "aux|be-Fin-Ind-Pres-S3", "cop"),
        # "Mommy's going": before a participle it is the auxiliary.
        (parse(MOMMY, S, ("going", "go", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part", "acl", 0)), "aux|be-Fin-Ind-Pres-S3", "aux"),
        # "Mommy's got one": before a past participle it is `has`.
        (parse(MOMMY, S, ("got", "get", "VERB", "Aspect=Perf|Tense=Past|VerbForm=Part", "acl", 0)), "aux|have-Fin-Ind-Pres-S3", "aux"),
        # "John's hat": John possesses the hat.
        (
            parse(("John", "John", "PROPN", "Number=Sing", "nmod:poss", 2), ("'s", "'s", "PART", "", "case", 0),
                  ("hat", "hat", "NOUN", "Number=Sing", "root", -1)),
            "part|s",
            "case",
        ),
    ],
)
def test_a_nouns_s_is_possessive_only_when_it_possesses(tokens: list[Analysis], expected_s: str, relation: str) -> None:
    derived = english.derive(tokens, question=False)
    assert mor_word(derived[1], "eng") == expected_s
    assert derived[1].relation == relation and derived[1].head == 0  # the tree keeps its shape


@pytest.mark.parametrize(
    ("row", "question", "expected"),
    [
        (("where", "where", "SCONJ", "", "advmod", 1), True, "adv|where"),
        (("what", "what", "SCONJ", "", "obj", 1), True, "pron|what-Int-S1"),
        (("why", "why", "SCONJ", "", "advmod", 1), True, "adv|why"),
        (("when", "when", "SCONJ", "", "mark", 1), False, "sconj|when"),  # "when I was little ." subordinates
        (("if", "if", "SCONJ", "", "mark", 1), True, "sconj|if"),
    ],
)
def test_wh_words_in_questions_are_not_subordinators(row: Row, question: bool, expected: str) -> None:
    tokens = parse(row, ("is", "be", "AUX", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "root", -1))
    assert mor(tokens, question)[0] == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("Humpty_Dumpty", "humpty_dumpty", "ADV", "", "advmod", 1), "propn|HumptyDumpty"),
        (("Humpty_Dumpty", "humpty_dumpty", "AUX", "", "aux", 1), "propn|HumptyDumpty"),
        (("teddy_bear", "teddy_bear", "ADV", "", "advmod", 1), "noun|teddybear"),
        (("bye_bye", "bye_bye", "INTJ", "", "discourse", 1), "intj|byebye"),
        (("oh_my_goodness", "oh_my_goodness", "ADV", "", "advmod", 1), "intj|ohmygoodness"),
        (("thank_you", "thank_you", "PRON", "PronType=Prs", "nsubj", 1), "intj|thankyou"),
        (("all_gone", "all_gone", "NOUN", "Number=Sing", "nsubj", 1), "noun|allgone"),
        (("Marie", "marie", "NOUN", "Number=Sing", "nsubj", 1), "propn|Marie"),
        (("Hello", "hello", "INTJ", "", "discourse", 1), "intj|hello"),  # only nouns become names
        (("I", "I", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs", "nsubj", 1), "pron|I-Prs-Nom-S1"),
        (("mm-hmm", "mm-hmm", "NOUN", "Number=Sing", "nsubj", 1), "intj|mmhmm"),
        (("um", "um", "PROPN", "Number=Sing", "nsubj", 1), "intj|um"),
        (("the", "the", "PRON", "Definite=Def|PronType=Art", "nsubj", 1), "det|the-Def-Art"),
        (("no", "no", "DET", "", "det", 1), "det|no-Def-Neg"),
        (("everything", "everything", "PRON", "Number=Sing|PronType=Ind", "nsubj", 1), "pron|everything-Tot-S1"),
        (("my", "my", "PRON", "Number=Sing|Person=1|Poss=Yes|PronType=Prs", "nmod:poss", 1), "pron|my-Prs-Gen-S1"),
        (("'em", "them", "PRON", "PronType=Prs", "obj", 1), "pron|they-Prs-Acc-P3"),
        (("'s", "us", "PRON", "PronType=Prs", "nsubj", 1), "pron|we-Prs-Acc-P1"),  # let's
        (("dad", "dad", "PRON", "PronType=Prs", "nsubj", 1), "noun|dad"),  # pronouns are a closed class
        (("there", "there", "PRON", "", "expl", 1), "pron|there-Int-S1"),  # batchalign3's defaults
    ],
)
def test_words_the_tagger_gets_wrong_by_their_form(row: Row, expected: str) -> None:
    tokens = parse(row, ("sat", "sit", "VERB", "Tense=Past|VerbForm=Fin", "root", -1))
    assert mor(tokens)[0] == expected


def test_s_got_is_has_got() -> None:
    # spaCy reads "Mommy's got a hat" as `'s` the copula and `got` a finite past.
    tokens = parse(("Mommy", "Mommy", "PROPN", "Number=Sing", "nsubj", 2), ("'s", "be", "AUX", _IS_FEATS, "cop", 0),
                   ("got", "get", "VERB", "Tense=Past|VerbForm=Fin", "root", -1))
    assert mor(tokens)[1:] == ["aux|have-Fin-Ind-Pres-S3", "verb|get-Part-Past-S-irr"]


def test_a_lemma_less_aux_s_is_be() -> None:
    tokens = parse(("dad", "dad", "NOUN", "Number=Sing", "nsubj", 2), ("'s", "s", "AUX", "", "aux", 2),
                   ("driving", "drive", "VERB", "Aspect=Prog|Tense=Pres|VerbForm=Part", "root", -1))
    assert mor(tokens) == ["noun|dad", "aux|be-Fin-Ind-Pres-S3", "verb|drive-Part-Pres-S"]


def test_a_relative_pronoun_is_rel() -> None:
    tokens = parse(("boy", "boy", "NOUN", "Number=Sing", "root", -1), ("who", "who", "PRON", "", "nsubj", 3),
                   ("was", "be", "AUX", "Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin", "cop", 3),
                   ("asleep", "asleep", "ADJ", "Degree=Pos", "acl:relcl", 0))
    assert mor(tokens)[1] == "pron|who-Rel"
    question = parse(("who", "who", "PRON", "", "nsubj", 1), ("came", "come", "VERB", "Tense=Past|VerbForm=Fin", "root", -1))
    assert mor(question, question=True)[0] == "pron|who-Int"


def test_penn_aspect_is_dropped() -> None:
    (token,) = english.derive(parse(("divided", "divide", "VERB", "Aspect=Perf|Tense=Past|VerbForm=Part", "root", -1)), False)
    assert parse_feats(token.feats) == {"Tense": "Past", "VerbForm": "Part"}
    assert mor_word(token, "eng") == "verb|divide-Part-Past-S"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (("Marie", "marie", "NOUN", "Gender=Fem|Number=Sing", "nsubj", 1), "propn|Marie"),
        (("ta", "ton", "PRON", "Person=3|Reflex=Yes", "det", 1), "det|ton-Fem-Def-Prs-Sing-S2"),
        (("mes", "mon", "DET", "Number=Plur|Poss=Yes", "det", 1), "det|mon-Def-Prs-Plur-S1"),
        (("ça", "cela", "PRON", "Gender=Masc|Number=Sing|Person=3|PronType=Dem", "obj", 1), "pron|ça-Dem-S3"),
        (("on", "on", "PRON", "Number=Sing|Person=3", "nsubj", 1), "pron|on-Ind-S3"),
        (("je", "je", "PRON", "Number=Sing|Person=1", "nsubj", 1), "pron|je-Prs-Nom-S1"),
        (("leur", "leur", "PRON", "Number=Plur|Person=3", "iobj", 1), "pron|leur-Prs-Acc-P3"),
        (("c'", "ce", "PRON", "Number=Sing|Person=3", "expl:subj", 1), "pron|ce-Dem-S3"),
        (("tu", "tu", "DET", "Definite=Def|Gender=Masc|Number=Sing|PronType=Art", "det", 1), "pron|tu-Prs-Nom-S2"),
    ],
)
def test_french_word_rules(row: Row, expected: str) -> None:
    tokens = parse(row, ("monte", "monter", "VERB", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "root", -1))
    assert mor_word(french.derive(tokens, False)[0], "fra") == expected


def test_french_verbs_agree_with_a_pronoun_subject() -> None:
    # "il parle": spaCy's small model says first person (`parle` is both).
    tokens = parse(("il", "il", "PRON", "Gender=Masc|Number=Sing|Person=3", "nsubj", 1),
                   ("parle", "parler", "VERB", "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin", "root", -1))
    assert [mor_word(t, "fra") for t in french.derive(tokens, False)] == ["pron|il-Prs-Nom-S3", "verb|parler-Fin-Ind-Pres-S3"]
    # A noun subject leaves the model's reading alone.
    nouns = parse(("Papa", "papa", "NOUN", "Number=Sing", "nsubj", 1),
                  ("parle", "parler", "VERB", "Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin", "root", -1))
    assert mor_word(french.derive(nouns, False)[1], "fra") == "verb|parler-Fin-Ind-Pres-S1"


@pytest.mark.parametrize(
    ("words", "item", "expected"),
    [
        (["on", "va", "au", "parc"], 2, "adp|à~det|le-Masc-Def-Art-Sing"),
        (["il", "parle", "aux", "enfants"], 2, "adp|à~det|le-Def-Art-Plur"),
        (["tu", "veux", "du", "pain"], 2, "adp|de~det|le-Masc-Def-Art-Sing"),
    ],
)
def test_french_contractions_are_two_chunks(pipelines: Pipelines, words: list[str], item: int, expected: str) -> None:
    (tagged,) = pipelines.get("fra").tagger.tag([words])
    mor_tier, gra = build_tiers(tagged.words, tagged.tokens, ".", "fra")
    assert mor_tier.split()[item] == expected
    assert len(gra.split()) == len(words) + 2  # one more chunk than words, and the terminator


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("Mommy'll", ("Mommy", "'ll")),
        ("Mommy’ll", ("Mommy", "'ll")),
        ("Daddy're", ("Daddy", "'re")),
        ("Humpty_Dumpty'd", ("Humpty_Dumpty", "'d")),
        ("I'm", ("I", "'m")),
        ("o'clock", ("o'clock",)),
        ("'ll", ("'ll",)),
        ("rock'n'roll", ("rock'n'roll",)),
    ],
)
def test_english_clitics_split_off_any_word(word: str, pieces: tuple[str, ...]) -> None:
    assert split_english_clitic(word) == pieces


def test_special_forms_and_compounds_in_the_tiers() -> None:
    tokens = parse(("d", "d", "ADP", "", "mark", 1), ("icecream", "icecream", "VERB", "VerbForm=Inf", "root", -1))
    mor_tier, gra = build_tiers([range(0, 1), range(1, 2)], tokens, ".", "fra", forms={0: "u"}, compounds=frozenset({1}))
    assert mor_tier == "u|d noun|icecream ."
    assert gra == "1|2|MARK 2|0|ROOT 3|2|PUNCT"
    kept = as_compound_nouns(parse(("Mommy", "Mommy", "PROPN", "", "root", -1)), [range(0, 1)])
    assert kept[0].upos == "PROPN"


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    return Pipelines()


@pytest.mark.parametrize(
    ("words", "terminator", "index", "expected"),
    [
        # The wrong outputs issue 9 lists, through the real English pipeline.
        ("I was going".split(), ".", 1, "aux|be-Fin-Ind-Past-S1-irr"),
        ("just say something".split(), ".", 1, "verb|say-Fin-Imp-S"),
        ("thank you".split(), ".", 1, "pron|you-Prs-Acc-S2"),
        ("Mommy's here".split(), ".", 0, "propn|Mommy~aux|be-Fin-Ind-Pres-S3"),
        ("Mommy'll go".split(), ".", 0, "propn|Mommy~aux|will-Fin-S"),
        ("Humpty_Dumpty sat on a wall".split(), ".", 0, "propn|HumptyDumpty"),
        ("mm-hmm that's right".split(), ".", 0, "intj|mmhmm"),
        ("where is it".split(), "?", 0, "adv|where"),
        ("that's John's hat".split(), ".", 1, "propn|John~part|s"),
    ],
)
def test_issue_9_cases_on_the_real_pipeline(
    pipelines: Pipelines, words: list[str], terminator: str, index: int, expected: str
) -> None:
    (tagged,) = pipelines.get("eng").tagger.tag([words])
    mor_tier, _ = build_tiers(tagged.words, tagged.tokens, terminator, "eng")
    assert mor_tier.split()[index] == expected
