"""The token -> %mor word mapping, as tables of analyses (no pipeline needed)."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.ud import Analysis, clean_lemma, is_irregular_past, mor_word, parse_feats, sanitize


def word(text: str, lemma: str, upos: str, feats: str = "", relation: str = "dep") -> Analysis:
    return Analysis(text, lemma, upos, feats, relation, 0)


@pytest.mark.parametrize(
    ("lang", "token", "expected"),
    [
        # The style examples of issue 3 and the chat-format notes.
        ("eng", word("I", "I", "PRON", "Case=Nom|Number=Sing|Person=1|PronType=Prs"), "pron|I-Prs-Nom-S1"),
        ("eng", word("cookies", "cookie", "NOUN", "Number=Plur"), "noun|cookie-Plur"),
        ("eng", word("person", "person", "NOUN", "Number=Sing", "obj"), "noun|person-Acc"),
        ("eng", word("the", "the", "DET", "Definite=Def|PronType=Art"), "det|the-Def-Art"),
        ("eng", word("is", "be", "AUX", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"), "aux|be-Fin-Ind-Pres-S3"),
        ("eng", word("was", "be", "AUX", "Mood=Ind|Number=Sing|Person=1|Tense=Past|VerbForm=Fin"), "aux|be-Fin-Ind-Past-S1-irr"),
        ("eng", word("wanted", "want", "VERB", "Tense=Past|VerbForm=Fin"), "verb|want-Fin-Past-S"),
        ("eng", word("going", "go", "VERB", "Tense=Pres|VerbForm=Part"), "verb|go-Part-Pres-S"),
        ("eng", word("turns", "turn", "VERB", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"), "verb|turn-Fin-Pres-S3"),
        # batchalign3's defaults: VerbForm Inf, agreement S, pronoun Int and person 1, determiner Def.
        ("eng", word("know", "know", "VERB"), "verb|know-Inf-S"),
        ("eng", word("what", "what", "PRON"), "pron|what-Int-S1"),
        ("eng", word("you", "you", "PRON", "Case=Acc|Person=2|PronType=Prs"), "pron|you-Prs-Acc-S2"),
        ("eng", word("some", "some", "DET"), "det|some-Def"),
        ("eng", word("my", "my", "PRON", "Case=Gen|Number=Sing|Person=1|Poss=Yes|PronType=Prs"), "pron|my-Prs-Gen-S1"),
        ("eng", word("recording", "recording", "NOUN", "Number=Sing"), "noun|recording"),  # no -Ger
        ("eng", word("?", "?", "PUNCT"), "punct|?"),
        ("eng", word("%", "%", "SYM"), "x|%"),
        ("eng", word("right", "right", "ADJ", "Degree=Pos"), "adj|right-S1"),
        ("eng", word("bigger", "big", "ADJ", "Degree=Cmp"), "adj|big-Cmp-S1"),
        ("eng", word("that", "that", "PRON", "Number=Sing|PronType=Dem"), "pron|that-Dem"),
        ("eng", word("my", "my", "PRON", "Number=Sing|Person=1|Poss=Yes|PronType=Prs"), "pron|my-Prs-S1"),
        ("eng", word("myself", "myself", "PRON", "Person=1|Reflex=Yes|PronType=Prs"), "pron|myself-Prs-reflx-S1"),
        ("eng", word("um", "um", "INTJ"), "intj|um"),
        ("eng", word("mm-hmm", "mm-hmm", "INTJ"), "intj|mmhmm"),
        ("eng", word("n't", "not", "PART", "Polarity=Neg"), "part|not"),
        ("fra", word("la", "le", "DET", "Definite=Def|Gender=Fem|Number=Sing|PronType=Art"), "det|le-Fem-Def-Art-Sing"),
        ("fra", word("ta", "ton", "DET", "Gender=Fem|Number=Sing|Number[psor]=Sing|Person[psor]=2|Poss=Yes"), "det|ton-Fem-Def-Sing-S2"),
        ("fra", word("je", "je", "PRON", "Number=Sing|Person=1|PronType=Prs"), "pron|je-Prs-Nom-S1"),
        ("fra", word("l'", "le", "PRON", "Number=Sing|Person=3|PronType=Prs"), "pron|le-Prs-Acc-S3"),
        ("fra", word("on", "on", "PRON", "Number=Sing|Person=3|PronType=Ind"), "pron|on-Ind-S3"),  # no Case
        ("fra", word("le", "le", "DET", "Definite=Def|Number=Sing|PronType=Art"), "det|le-Masc-Def-Art-Sing"),
        ("fra", word("-ce", "-ce", "PRON", "Number=Sing|Person=3|PronType=Dem"), "pron|ce-Dem-S3"),
        ("fra", word("animaux", "animal", "NOUN", "Gender=Masc|Number=Plur"), "noun|animal-Masc-Plur-Apm"),
        ("fra", word("chaises", "chaise", "NOUN", "Gender=Fem|Number=Plur"), "noun|chaise-Fem-Plur"),
        ("fra", word("monte", "monter", "VERB", "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"), "verb|monter-Fin-Ind-Pres-S3"),
        ("fra", word("on", "on", "PRON", "Number=Sing|Person=0|PronType=Ind"), "pron|on-Ind-S4"),
        ("eng", word(",", ",", "PUNCT", "PunctType=Comm"), "cm|cm"),
        # A lemma of punctuation for a word with letters is a tagger slip: write the word.
        ("eng", word("hello", ".", "INTJ"), "intj|hello"),
        # Multi-value features keep their comma (batchalign3), nothing else structural survives.
        ("eng", word("which", "which", "PRON", "PronType=Int,Rel"), "pron|which-Int,Rel-S1"),
        ("eng", word("a|b", "a|b", "X"), "x|a"),
        ("eng", word("", "", ""), "punct|x"),  # an unknown category is punct
    ],
)
def test_mor_word(lang: str, token: Analysis, expected: str) -> None:
    assert mor_word(token, lang) == expected


@pytest.mark.parametrize(
    ("lemma", "text", "expected"),
    [
        ("dog", "dogs", "dog"),
        ("", "Claus'", "Claus"),  # empty -> the word, then its apostrophe goes
        ('"', "quote", "quote"),
        ("New_York", "NY", "NewYork"),
        ("-ce", "-ce", "ce"),
        ("là-bas", "là-bas", "làbas"),
        ("mm-hmm", "mm-hmm", "mmhmm"),
        ("cat@s", "cat@s", "cat"),
        ("U.S.", "U.S.", "US"),
        ("(hm)", "hm", "hm"),
        ("a|b", "ab", "a"),
        ("<unk>", "blick", "blick"),
    ],
)
def test_clean_lemma(lemma: str, text: str, expected: str) -> None:
    assert clean_lemma(lemma, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("a|b", "a_b"), ("a-b", "a_b"), ("a b", "ab"), ("x~y", "x_y"), ("a.b?c+d", "abcd"), ("Int,Rel", "Int,Rel")],
)
def test_sanitize(text: str, expected: str) -> None:
    assert sanitize(text) == expected


@pytest.mark.parametrize(
    ("lemma", "form", "irregular"),
    [
        ("go", "went", True),
        ("be", "was", True),
        ("put", "put", True),
        ("say", "said", True),
        ("pay", "paid", True),
        ("write", "written", True),
        ("want", "wanted", False),
        ("like", "liked", False),
        ("stop", "stopped", False),
        ("cry", "cried", False),
        ("play", "played", False),
        ("picnic", "picnicked", False),
        ("do", "'d", False),  # not a spelled-out form
    ],
)
def test_irregular_past(lemma: str, form: str, irregular: bool) -> None:
    assert is_irregular_past(lemma, form) is irregular


def test_parse_feats() -> None:
    assert parse_feats("Case=Nom|Number=Sing|PronType=Int,Rel") == {"Case": "Nom", "Number": "Sing", "PronType": "Int,Rel"}
    assert parse_feats("") == {}
