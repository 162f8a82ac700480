"""Word lists per CHAT rules: what %mor aligns with and what %wor aligns with."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hotfolder.chat as chat
from hotfolder.chat import WordCategory
from hotfolder.chat.symbols import TERMINATORS
from hotfolder.chat.tiers import parse_mor
from hotfolder.chat.tokens import tokenize
from hotfolder.chat.words import make_word, mor_words, simple_word_lists, wor_words
from tests.chat.conftest import ALL_CHA, corpus_id


def _utterance(main: str, *, options: str = "") -> chat.Utterance:
    extra = f"@Options:\t{options}\n" if options else ""
    return chat.loads(f"@UTF8\n@Begin\n{extra}*CHI:\t{main}\n@End\n").utterances[0]


def mor(main: str, **kwargs: str) -> list[str]:
    return [w.text for w in _utterance(main, **kwargs).mor_words()]


def wor(main: str, **kwargs: str) -> list[str]:
    return [w.text for w in _utterance(main, **kwargs).wor_words()]


# (main tier, %mor words, %wor words); cases from shared/reference/chat-format.
CASES = [
    ("I want cookies .", ["I", "want", "cookies"], ["I", "want", "cookies"]),
    ("<I want> [/] I want cookie .", ["I", "want", "cookie"], ["I", "want", "I", "want", "cookie"]),
    ("the dog [//] the cat ran .", ["the", "the", "cat", "ran"], ["the", "dog", "the", "cat", "ran"]),
    ("<I want the> [///] give me that .", ["give", "me", "that"], ["I", "want", "the", "give", "me", "that"]),
    ("the book [/-] the magazine is here .", ["the", "the", "magazine", "is", "here"], None),
    ("male [: female] [* s:r] [/] male [: female] [* s:r] .", ["female"], ["male", "male"]),
    ("dog [* p:w] [/] dog .", ["dog"], ["dog", "dog"]),
    ("dog [/] [* p:w] dog .", ["dog"], ["dog", "dog"]),
    ("<the dog> [* s:r] [/] the dog .", ["the", "dog"], None),
    ("then [<] [//] and now .", ["and", "now"], None),
    ("<<the dog> [?]> [/] the dog .", ["the", "dog"], ["the", "dog", "the", "dog"]),
    ("xxx snack .", ["snack"], ["snack"]),
    ("yyy www hi .", ["hi"], ["hi"]),
    ("&-um I want &-uh cookie .", ["I", "want", "cookie"], ["um", "I", "want", "uh", "cookie"]),
    ("&+fr &~ba &=laughs &*MOT:careful a boat .", ["a", "boat"], ["a", "boat"]),
    ("I (.) want (..) a (...) cookie (1.5) .", ["I", "want", "a", "cookie"], None),
    ("0 hello 0is there .", ["hello", "there"], ["hello", "there"]),
    ("gonna [: going to] eat .", ["going", "to", "eat"], ["gonna", "eat"]),
    ("dis [: this] is fun .", ["this", "is", "fun"], ["dis", "is", "fun"]),
    ("a man [:: boy] [* s:r] .", ["a", "man"], ["a", "man"]),  # [::] keeps the spoken word for %mor
    ("rocking+house [: rocking+horse] [*] ?", ["rockinghorse"], ["rockinghouse"]),
    ("ice+cream , please ‡ no „ yes .", ["icecream", ",", "please", "‡", "no", "„", "yes"], None),
    ("well, yes .", ["well", ",", "yes"], ["well", "yes"]),
    ("+< [- fra] un chat@s:eng . [+ bch] \x151_2\x15", ["un", "chat"], ["un", "chat"]),
    ("‹c' est› lait .", ["c'", "est", "lait"], None),
    ("(be)cause no:: ⌈hello⌉ °soft° ↑up ˈstress .", ["because", "no", "hello", "soft", "up", "stress"], None),
    ("Yeah⌋⌈2: but .", ["Yeah", "but"], None),
    ("it's I want +...", ["it's", "I", "want"], None),
    ("&{l=X give it &}l=X easy +...", ["give", "it", "easy"], None),
    ("<eei@o eei@o> [/?] +/.", [], ["eei", "eei"]),
]


@pytest.mark.parametrize(("main", "mor_expected", "wor_expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_word_lists(main: str, mor_expected: list[str], wor_expected: list[str] | None) -> None:
    assert mor(main) == mor_expected
    if wor_expected is not None:
        assert wor(main) == wor_expected


def test_separators_and_replacements_are_flagged() -> None:
    words = _utterance("dis [: this thing] , ok .").mor_words()
    assert [(w.text, w.replaced, w.is_separator) for w in words] == [
        ("this", "dis", False), ("thing", "dis", False), (",", None, True), ("ok", None, False),
    ]
    assert words[2].category is WordCategory.SEPARATOR


def test_ca_files_read_whole_parenthesized_words_as_omissions() -> None:
    assert mor("(ja) hel(lo) .", options="CA") == ["hello"]
    assert mor("(ja) hel(lo) .") == ["ja", "hello"]


@pytest.mark.parametrize(
    ("raw", "text", "marker", "category", "parts"),
    [
        ("hello@s:fra", "hello", "s:fra", WordCategory.REGULAR, ()),
        ("ice+cream", "icecream", None, WordCategory.REGULAR, ("ice", "cream")),
        ("woof+(woof)", "woofwoof", None, WordCategory.REGULAR, ("woof", "woof")),
        ("&-you_know", "you_know", None, WordCategory.FILLER, ()),
        ("&+sh", "sh", None, WordCategory.FRAGMENT, ()),
        ("&~ba", "ba", None, WordCategory.NONWORD, ()),
        ("&=laughs", "laughs", None, WordCategory.EVENT, ()),
        ("0die", "die", None, WordCategory.OMISSION, ()),
        ("xxx", "xxx", None, WordCategory.UNTRANSCRIBED, ()),
        ("gumma@c", "gumma", "c", WordCategory.REGULAR, ()),
        ("word$n", "word", None, WordCategory.REGULAR, ()),
        ("le~ha", "leha", None, WordCategory.REGULAR, ()),
        ("o^ver", "over", None, WordCategory.REGULAR, ()),
        ("we\x02\x01ll\x02\x02", "well", None, WordCategory.REGULAR, ()),
    ],
)
def test_word_cleaning(raw: str, text: str, marker: str | None, category: WordCategory, parts: tuple[str, ...]) -> None:
    word = make_word(raw)
    assert word is not None
    assert (word.text, word.raw, word.form_marker, word.category, word.parts) == (text, raw, marker, category, parts)


def test_nothing_spoken_is_no_word() -> None:
    assert make_word("⌈") is None
    assert make_word("&=") is None


# Every %mor and %wor in the corpus (real and batchalign/chatter output) agrees with the rules.
MOR_FILES = [p for p in ALL_CHA if "\n%mor:" in p.read_text(encoding="utf-8")]
WOR_FILES = [p for p in ALL_CHA if "\n%wor:" in p.read_text(encoding="utf-8")]
_BAD = "testchat/bad/"


@pytest.mark.parametrize("path", MOR_FILES, ids=corpus_id)
def test_mor_items_match_mor_words_in_every_corpus_file(path: Path) -> None:
    checked = 0
    for utterance in chat.load(path).utterances:
        content = utterance.tier("mor")
        if content is None or _BAD in str(path):
            continue
        items = parse_mor(content)
        assert len(items.items) == len(utterance.mor_words()), (utterance.line, utterance.main_text)
        assert items.terminator == utterance.terminator
        checked += 1
    assert checked or _BAD in str(path)


@pytest.mark.parametrize("path", WOR_FILES, ids=corpus_id)
def test_wor_words_match_every_corpus_wor_tier(path: Path) -> None:
    for utterance in chat.load(path).utterances:
        content = utterance.tier("wor")
        if content is None:
            continue
        spoken = re.sub(r"\x15[^\x15]*\x15|\[- \w+\]", " ", content).split()
        # chatter's phon-intervals keeps the comma (untimed) in %wor; it is not a word.
        spoken = [item for item in spoken if item != "," and item not in TERMINATORS]
        assert [w.text for w in utterance.wor_words()] == spoken, utterance.line


def _both_ways(text: str, ca: bool) -> None:
    shortcut = simple_word_lists(text, ca=ca)
    if shortcut is not None:
        tokens = tokenize(text)
        assert shortcut == (mor_words(tokens, ca=ca), wor_words(tokens, ca=ca)), text


@pytest.mark.parametrize("path", ALL_CHA, ids=corpus_id)
def test_plain_utterance_shortcut_agrees_with_the_tokenizer(path: Path) -> None:
    for utterance in chat.load(path).utterances:
        for ca in (False, True):
            _both_ways(utterance.main_text, ca)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(
    ["hi", "&-um", "&+fr", "xxx", "0is", "(.)", "(be)cause", "a@s:fra", ".", "?", "+...", "+<", "0",
     "\x151_2\x15", "\x15", "12_40", "ice+cream", "(ja)", "⌈", "word⌉", "&=laughs", "no::", "[/]", ","]
), max_size=12).map(" ".join))
def test_shortcut_agrees_on_generated_utterances(text: str) -> None:
    _both_ways(text, False)
    _both_ways(text, True)
