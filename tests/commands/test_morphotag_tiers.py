"""Assembling %mor and %gra from tagged tokens: chunks, clitics, separators, terminator."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.tiers import build_tiers
from hotfolder.commands.morphotag.ud import Analysis


def tok(text: str, upos: str, relation: str, head: int, lemma: str | None = None) -> Analysis:
    return Analysis(text, lemma or text, upos, "", relation, head)


def test_simple_sentence() -> None:
    tokens = [tok("I", "PRON", "nsubj", 1), tok("want", "VERB", "root", -1), tok("it", "PRON", "obj", 1)]
    mor, gra = build_tiers([range(0, 1), range(1, 2), range(2, 3)], tokens, ".", "eng")
    # No features: batchalign3's defaults (pronoun Int + S1, VerbForm Inf + S) fill the slots.
    assert mor == "pron|I-Int-S1 verb|want-Inf-S pron|it-Int-S1 ."
    assert gra == "1|2|NSUBJ 2|0|ROOT 3|2|OBJ 4|2|PUNCT"


def test_clitics_are_one_item_and_several_chunks() -> None:
    # "that's right": that~'s in one %mor item, three chunks before the terminator.
    tokens = [tok("that", "PRON", "nsubj", 2), tok("'s", "AUX", "cop", 2, "be"), tok("right", "ADJ", "root", -1)]
    mor, gra = build_tiers([range(0, 2), range(2, 3)], tokens, ".", "eng")
    assert mor == "pron|that-Int~aux|be-Inf-S adj|right-S1 ."
    assert gra == "1|3|NSUBJ 2|3|COP 3|0|ROOT 4|3|PUNCT"


def test_separators_are_items_hanging_from_the_root() -> None:
    tokens = [tok("yes", "INTJ", "discourse", 2), tok("I", "PRON", "nsubj", 2), tok("know", "VERB", "root", -1)]
    mor, gra = build_tiers([range(0, 1), ",", range(1, 2), "‡", range(2, 3), "„"], tokens, "?", "eng")
    assert mor == "intj|yes cm|cm pron|I-Int-S1 cm|begin verb|know-Inf-S cm|end ?"
    assert gra == "1|5|DISCOURSE 2|5|PUNCT 3|5|NSUBJ 4|5|PUNCT 5|0|ROOT 6|5|PUNCT 7|5|PUNCT"


def test_no_terminator_no_punct_chunk() -> None:
    mor, gra = build_tiers([range(0, 1)], [tok("mhm", "INTJ", "root", -1)], None, "eng")
    assert (mor, gra) == ("intj|mhm", "1|0|ROOT")


def test_a_second_root_hangs_from_the_first() -> None:
    tokens = [tok("yes", "INTJ", "root", -1), tok("no", "INTJ", "root", -1)]
    _, gra = build_tiers([range(0, 1), range(1, 2)], tokens, ".", "eng")
    assert gra == "1|0|ROOT 2|1|DEP 3|1|PUNCT"


def test_an_utterance_without_tokens_is_refused() -> None:
    with pytest.raises(ValueError):
        build_tiers([","], [], ".", "eng")


def test_a_code_switched_word_is_one_l2_chunk() -> None:
    # "I like croissants@s" where the tokenizer cut the foreign word in two.
    tokens = [
        tok("I", "PRON", "nsubj", 1),
        tok("like", "VERB", "root", -1),
        tok("croiss", "NOUN", "compound", 3),
        tok("ants", "NOUN", "obj", 1),
    ]
    mor, gra = build_tiers([range(0, 1), range(1, 2), range(2, 4)], tokens, ".", "eng", frozenset({2}))
    assert mor == "pron|I-Int-S1 verb|like-Inf-S L2|xxx ."
    assert gra == "1|2|NSUBJ 2|0|ROOT 3|2|OBJ 4|2|PUNCT"


def test_a_foreign_word_takes_the_relation_of_its_highest_token() -> None:
    # Token 0 (in the foreign word) hangs from token 2, which hangs from token 1 (also in it):
    # the word must take token 1's relation, or words 1 and 2 would point at each other.
    tokens = [tok("a", "X", "dep", 2), tok("b", "X", "root", -1), tok("c", "X", "nmod", 1)]
    _, gra = build_tiers([range(0, 2), range(2, 3)], tokens, ".", "eng", frozenset({0}))
    assert gra == "1|0|ROOT 2|1|NMOD 3|1|PUNCT"
