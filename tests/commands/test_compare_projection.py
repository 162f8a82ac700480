"""compare's pure parts: which utterance owns each aligned word, %xcmp items, the CSV."""

from __future__ import annotations

from hotfolder.commands.compare.projection import item, owners, tiers
from hotfolder.commands.compare.report import compare_csv
from hotfolder.commands.transcribe.scoring import Row, Score, ScoredWord


def said(text: str, line: int) -> ScoredWord:
    return ScoredWord(text, line)


MATCH = Row("match", said("the", 3), said("the", 10))
SUB = Row("substitution", said("cat", 3), said("dog", 10))
INS = Row("insertion", None, said("big", 12))
DEL = Row("deletion", said("home", 4), None)


def test_owners_give_deletions_to_the_utterance_before_or_else_after() -> None:
    assert owners([DEL, MATCH, DEL, INS, DEL]) == [10, 10, 10, 12, 12]
    # A missed first word of a gold utterance goes with the next word of that utterance.
    next_match = Row("match", said("went", 4), said("went", 12))
    assert owners([MATCH, DEL, next_match]) == [10, 12, 12]
    assert owners([Row("match", said("x", 4), said("x", 10)), DEL, next_match]) == [10, 10, 12]
    assert owners([DEL, DEL]) == [None, None]  # the hypothesis has no word at all
    assert owners([]) == []


def test_items() -> None:
    assert [item(row) for row in (MATCH, SUB, INS, DEL)] == ["the", "dog/cat", "+big", "-home"]


def test_tiers_by_utterance_line() -> None:
    assert tiers([MATCH, SUB, DEL, INS]) == {10: "the dog/cat -home", 12: "+big"}


def test_csv_rows_then_totals() -> None:
    result = Score(0.75, 1, 1, 1, 1, 4, 4, [MATCH, SUB, DEL, INS])
    table = compare_csv(result, owners(result.rows), {10: (1, "CHI"), 12: (2, "MOT")})
    assert table == (
        "utterance,speaker,op,gold,hypothesis,gold_line,hypothesis_line,value\n"
        "1,CHI,match,the,the,3,10,\n"
        "1,CHI,substitution,cat,dog,3,10,\n"
        "1,CHI,deletion,home,,4,,\n"
        "2,MOT,insertion,,big,,12,\n"
        "total,,gold_words,,,,,4\n"
        "total,,hypothesis_words,,,,,4\n"
        "total,,match,,,,,1\n"
        "total,,substitution,,,,,1\n"
        "total,,deletion,,,,,1\n"
        "total,,insertion,,,,,1\n"
        "total,,wer,,,,,0.7500\n"
    )


def test_csv_without_hypothesis_words_leaves_the_utterance_empty() -> None:
    result = Score(1.0, 0, 0, 1, 0, 1, 0, [DEL])
    assert compare_csv(result, owners(result.rows), {}).splitlines()[1] == ",,deletion,home,,4,,"
