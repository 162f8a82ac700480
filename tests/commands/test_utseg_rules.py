"""Which proposed boundaries utseg uses: hand-built parses, and made-up sentences through real spaCy."""

from __future__ import annotations

import pytest

from hotfolder.chat.tokens import tokenize
from hotfolder.chat.words import mor_words
from hotfolder.commands.morphotag.pipelines import Pipelines
from hotfolder.commands.utseg.rules import Parsed, choose, is_recitation, is_tag, veto
from hotfolder.commands.utseg.sentences import Segmenter

VERBS = frozenset(
    "is isn't was fell cried want like went saw ran run running think know can doesn't does barked".split()
)
SCONJ = frozenset({"because", "if"})
WH = frozenset({"who", "which", "where", "what"})


def parsed(text: str) -> list[Parsed]:
    """A hand-built parse: verbs, subordinators and wh-words from small word lists."""
    words = []
    for word in text.split():
        pos = "VERB" if word.lower() in VERBS else "SCONJ" if word in SCONJ else "X"
        tag = "WP" if word in WH else "X"
        words.append(Parsed(word, pos, tag, pos == "VERB"))
    return words


@pytest.mark.parametrize(
    ("before", "after", "clause", "question", "reason"),
    [
        ("the boy fell down", "and then he cried", True, False, None),
        ("the boy ran", "he fell", False, False, None),
        ("the boy ran", "he fell", True, False, "short clause"),
        ("it", "is nice", False, False, "short"),
        ("it is nice", "doesn't it", False, False, "tag question"),
        ("that is a nice one", "isn't it", False, False, "tag question"),
        ("that is a nice one", "doesn't it right", False, False, "tag question"),
        ("the dog is red", "okay right", False, False, "tag question"),
        ("the dog is red", "I think so", False, False, "parenthetical"),
        ("you know", "the dog is red", False, False, "parenthetical"),
        ("the big red dog", "the cat is there", False, False, "no verb"),
        ("the dog is red", "because it is wet", False, False, "subordinate"),
        ("the dog is red", "which is nice", False, False, "subordinate"),
        ("the dog is red", "who is there", False, True, None),
        ("I want the ball", "I want the ball", False, False, "repetition"),
        ("I want it", "I want the ball", False, False, "repetition"),
    ],
)
def test_veto(before: str, after: str, clause: bool, question: bool, reason: str | None) -> None:
    assert veto(parsed(before), parsed(after), clause, question, 2) == reason


def test_pieces_under_min_words_are_never_cut_off() -> None:
    assert veto(parsed("the boy ran"), parsed("he fell"), False, False, 3) == "short"
    assert veto(parsed("he fell"), parsed("the boy ran"), False, False, 3) == "short"
    assert veto(parsed("the boy ran"), parsed("he fell"), False, False, 2) is None


@pytest.mark.parametrize(
    ("text", "sentences", "clauses", "chosen"),
    [
        ("the boy fell down and then he cried", [], [4], [4]),
        ("the boy ran it is nice the dog is red", [3, 6], [], [3, 6]),
        ("the boy ran he fell", [3], [], []),  # `he fell` is under 3 words
        # a dropped cut merges two pieces, and the merged piece is checked again
        ("the boy ran it is the dog is red", [3, 5], [], [5]),
        ("that is a nice one isn't it", [5], [], []),
        ("a b c d e f g h i j k", [4, 7], [], []),
        ("one two three four five six", [3], [], []),
        ("I want the ball I want the ball", [4], [], []),
    ],
)
def test_choose(text: str, sentences: list[int], clauses: list[int], chosen: list[int]) -> None:
    assert choose(parsed(text), sentences, clauses, frozenset(), 3) == chosen


def test_tags_and_recitations() -> None:
    assert is_tag(parsed("doesn't it")) and is_tag(parsed("isn't that right")) and is_tag(parsed("is not it"))
    assert not is_tag(parsed("is it raining")) and not is_tag(parsed("doesn't matter"))
    assert is_recitation(parsed("a b c d e f g")) and is_recitation(parsed("one two three four"))
    assert not is_recitation(parsed("I want a cookie now")) and not is_recitation([])


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    return Segmenter(Pipelines().get("eng").tagger)


# Made-up sentences, parsed by the real en_core_web_sm pipeline, then decided by the rules.
SENTENCES = [
    ("it's a nice day isn't it", []),
    ("the dog is very big isn't it", []),
    ("that one is really red I think", []),
    ("a b c d e f g h i j k", []),
    ("one two three four five six seven eight", []),
    ("I want the ball I want the ball", []),
    ("the boy that I saw yesterday was running home", []),
    ("you can have the cookie because you were very good", []),
    ("the boy fell down and then he cried", [4]),
    ("we went to the zoo and we saw a big lion", [5]),
]


@pytest.mark.parametrize(("text", "chosen"), SENTENCES)
def test_real_parses(segmenter: Segmenter, text: str, chosen: list[int]) -> None:
    (bounds,) = segmenter.parse([mor_words(tokenize(text + " ."), ca=False)])
    assert len(bounds.words) == len(text.split())
    assert choose(bounds.words, bounds.sentences, bounds.clauses, bounds.questions, 3) == chosen


def test_clitics_join_their_word(segmenter: Segmenter) -> None:
    (bounds,) = segmenter.parse([mor_words(tokenize("there's a dog , doesn't it ."), ca=False)])
    assert [word.text for word in bounds.words] == ["there's", "a", "dog", "doesn't", "it"]
    assert bounds.words[0].verb and bounds.words[3].verb and not bounds.words[2].verb
