"""benchmark's scoring: the words compared, WER equal to jiwer's, every word accounted for in the CSV."""

from __future__ import annotations

import csv
import io

import jiwer
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotfolder.chat import loads
from hotfolder.commands.transcribe.scoring import CSV_COLUMNS, ScoredWord, compare_csv, gold_words, hypothesis_words, normalize, score
from hotfolder.commands.transcribe.utterances import PlannedUtterance

GOLD = (
    "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child, MOT Mother\n"
    "@ID:\teng|x|CHI|||||Target_Child|||\n@ID:\teng|x|MOT|||||Mother|||\n"
    "*CHI:\t&-um <I want> [/] I want the Ice+Cream@s:fra [: cream] now .\n"
    "*MOT:\t&=laughs well-known xxx goed [: went] (be)cause ?\n"
    "@End\n"
)


@pytest.mark.parametrize(
    ("written", "compared"),
    [("The", ["the"]), ("don't", ["don't"]), ("well-known", ["well", "known"]), ("Straße", ["strasse"]), ("", [])],
)
def test_normalize(written: str, compared: list[str]) -> None:
    assert normalize(written) == compared


def test_gold_words_are_the_spoken_words_of_every_speaker() -> None:
    words = gold_words(loads(GOLD))
    assert [w.text for w in words] == [
        "um", "i", "want", "i", "want", "the", "icecream", "now",  # filler and retrace said; form marker dropped
        "well", "known", "goed", "because",  # events, xxx and [: replacements] are not what was said
    ]  # fmt: skip
    assert {w.line for w in words[:8]} == {7} and {w.line for w in words[8:]} == {8}


def test_hypothesis_words_keep_their_times() -> None:
    planned = [PlannedUtterance(("Hello", "there"), (("Hello", (0, 300)), ("there", None)), ".", (0, 300))]
    assert hypothesis_words(planned) == [ScoredWord("hello", None, (0, 300)), ScoredWord("there", None, None)]


def words(text: str) -> list[ScoredWord]:
    return [ScoredWord(word) for word in text.split()]


def test_score_and_alignment_rows() -> None:
    result = score(words("a b c d"), words("a x c e f"))
    assert (result.hits, result.substitutions, result.deletions, result.insertions) == (2, 2, 0, 1)
    assert result.wer == 0.75 == jiwer.wer("a b c d", "a x c e f")
    assert [(r.op, r.gold and r.gold.text, r.hypothesis and r.hypothesis.text) for r in result.rows] == [
        ("match", "a", "a"),
        ("substitution", "b", "x"),
        ("match", "c", "c"),
        ("insertion", None, "e"),
        ("substitution", "d", "f"),
    ]


def test_an_empty_hypothesis_deletes_everything_and_an_empty_gold_is_refused() -> None:
    result = score(words("a b"), [])
    assert result.wer == 1.0 and [r.op for r in result.rows] == ["deletion", "deletion"]
    with pytest.raises(ValueError, match="no spoken words"):
        score([], words("a"))


def test_compare_csv() -> None:
    gold = [ScoredWord("hi", 7), ScoredWord("there", 7)]
    hypothesis = [ScoredWord("oh", None, None), ScoredWord("hi", None, (100, 400)), ScoredWord("bear", None, (400, 700))]
    text = compare_csv(score(gold, hypothesis).rows)
    assert text.splitlines() == [
        ",".join(CSV_COLUMNS),
        "1,insertion,,oh,,,",
        "2,match,hi,hi,7,100,400",
        "3,substitution,there,bear,7,400,700",
    ]


_VOCABULARY = st.sampled_from(["a", "b", "c", "d", "the", "dog"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_VOCABULARY, min_size=1, max_size=25), st.lists(_VOCABULARY, max_size=25))
def test_rows_account_for_every_word_and_wer_is_jiwers(gold_list: list[str], hypothesis_list: list[str]) -> None:
    result = score(words(" ".join(gold_list)), words(" ".join(hypothesis_list)))
    rows = list(csv.DictReader(io.StringIO(compare_csv(result.rows))))
    assert [r["gold"] for r in rows if r["op"] != "insertion"] == gold_list
    assert [r["hypothesis"] for r in rows if r["op"] != "deletion"] == hypothesis_list
    assert all((r["gold"] == r["hypothesis"]) == (r["op"] == "match") for r in rows)
    counts = {op: sum(r["op"] == op for r in rows) for op in ("substitution", "deletion", "insertion")}
    assert result.wer == pytest.approx(sum(counts.values()) / len(gold_list))
    assert result.wer == jiwer.wer(" ".join(gold_list), " ".join(hypothesis_list))
