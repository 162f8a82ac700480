"""The compare engine on a hand-made gold with known errors, on corpus files, and on bad drops."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from hotfolder.chat import loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.compare.engine import CompareEngine, gold_name
from hotfolder.errors import FailureCategory, FileFailure

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
HEAD = "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tPAR Participant, INV Investigator\n"
HYPOTHESIS = HEAD + (
    "*PAR:\tthe little boy is taking a cookie .\n"
    "*PAR:\tand the girl wants one ?\n"
    "%xcmp:\tleft by an earlier run\n"
    "*INV:\tokay .\n"
    "@End\n"
)
# Against the hypothesis: `little` inserted, `the`->`a` and `cookies`->`cookie` substituted,
# `too` and `mhm` deleted; 14 gold words, so WER = 5/14.
GOLD = HEAD + (
    "*PAR:\tthe boy is taking the cookies .\n"
    "*PAR:\tand the girl wants one too ?\n"
    "*INV:\tmhm okay .\n"
    "@End\n"
)


def run(tmp_path: Path, hypothesis: str, gold: str | None, display: str = "x.cha") -> FileResult | FileFailure:
    hyp_path = tmp_path / "staged" / display
    hyp_path.parent.mkdir(parents=True, exist_ok=True)
    hyp_path.write_text(hypothesis, encoding="utf-8")
    companions = {}
    if gold is not None:
        gold_path = tmp_path / "staged" / gold_name(display)
        gold_path.write_text(gold, encoding="utf-8")
        companions[gold_name(display)] = gold_path
    (outcome,) = CompareEngine(clock=lambda: NOW).process([FileTask(display, hyp_path, "eng", companions)])
    return outcome


def test_known_errors_give_exact_rows_tiers_and_wer(tmp_path: Path) -> None:
    outcome = run(tmp_path, HYPOTHESIS, GOLD, "PWA/x.cha")
    assert isinstance(outcome, FileResult)
    assert [output.display_path for output in outcome.outputs] == ["PWA/x.cha", "PWA/x.compare.csv"]
    assert outcome.outputs[1].data.decode("utf-8") == (
        "utterance,speaker,op,gold,hypothesis,gold_line,hypothesis_line,value\n"
        "1,PAR,match,the,the,5,5,\n"
        "1,PAR,insertion,,little,,5,\n"
        "1,PAR,match,boy,boy,5,5,\n"
        "1,PAR,match,is,is,5,5,\n"
        "1,PAR,match,taking,taking,5,5,\n"
        "1,PAR,substitution,the,a,5,5,\n"
        "1,PAR,substitution,cookies,cookie,5,5,\n"
        "2,PAR,match,and,and,6,6,\n"
        "2,PAR,match,the,the,6,6,\n"
        "2,PAR,match,girl,girl,6,6,\n"
        "2,PAR,match,wants,wants,6,6,\n"
        "2,PAR,match,one,one,6,6,\n"
        "2,PAR,deletion,too,,6,,\n"
        "3,INV,deletion,mhm,,7,,\n"
        "3,INV,match,okay,okay,7,8,\n"
        "total,,gold_words,,,,,14\n"
        "total,,hypothesis_words,,,,,13\n"
        "total,,match,,,,,10\n"
        "total,,substitution,,,,,2\n"
        "total,,deletion,,,,,2\n"
        "total,,insertion,,,,,1\n"
        "total,,wer,,,,,0.3571\n"
    )
    assert outcome.outputs[0].data.decode("utf-8") == HEAD + (
        "@Comment:\t[hf compare | engine=jiwer ; gold=x.gold.cha ; wer=0.3571 | 2026-01-02T03:04:05+00:00]\n"
        "*PAR:\tthe little boy is taking a cookie .\n"
        "%xcmp:\tthe +little boy is taking a/the cookie/cookies\n"
        "*PAR:\tand the girl wants one ?\n"
        "%xcmp:\tand the girl wants one -too\n"
        "*INV:\tokay .\n"
        "%xcmp:\t-mhm okay\n"
        "@End\n"
    )
    assert outcome.notes == {
        "gold": "PWA/x.gold.cha", "wer": 0.3571, "gold_words": 14, "hypothesis_words": 13,
        "match": 10, "substitution": 2, "deletion": 2, "insertion": 1,
    }  # fmt: skip
    assert set(outcome.engines) == {"jiwer"}


def test_a_transcript_cut_differently_still_aligns_word_for_word(tmp_path: Path) -> None:
    joined = HEAD + "*PAR:\tthe boy is taking the cookies and the girl wants one too .\n*INV:\tmhm okay .\n@End\n"
    outcome = run(tmp_path, joined, GOLD)
    assert isinstance(outcome, FileResult)
    assert outcome.notes["wer"] == 0.0
    table = outcome.outputs[1].data.decode("utf-8")
    heads = [line.split(",")[:3] for line in table.splitlines()[1:15]]
    assert heads == [["1", "PAR", "match"]] * 12 + [["2", "INV", "match"]] * 2
    assert "total,,match,,,,,14\n" in table


def test_a_corpus_transcript_against_itself_scores_zero(tmp_path: Path) -> None:
    source = CORPUS / "batchalign3/test-fixtures/utr_real_world_regression_input.cha"
    text = source.read_text(encoding="utf-8")
    outcome = run(tmp_path, text, text, "utr.cha")
    assert isinstance(outcome, FileResult)
    assert outcome.notes["wer"] == 0.0 and outcome.notes["gold_words"] > 400
    chat = loads(outcome.outputs[0].data.decode("utf-8"))
    for utterance in chat.utterances:
        words = [word.text.lower() for word in utterance.wor_words()]
        assert (utterance.tier("xcmp") or "").split() == words


def test_missing_gold_fails_naming_the_file_it_needs(tmp_path: Path) -> None:
    outcome = run(tmp_path, HYPOTHESIS, None, "PWA/x.cha")
    assert isinstance(outcome, FileFailure)
    assert outcome.category is FailureCategory.INPUT_MISSING
    assert outcome.message == "no gold transcript for PWA/x.cha: compare needs x.gold.cha beside it in the drop"


def test_gold_name_case_does_not_matter(tmp_path: Path) -> None:
    hyp = tmp_path / "X.CHA"
    hyp.write_text(HYPOTHESIS, encoding="utf-8")
    gold = tmp_path / "X.Gold.cha"
    shutil.copy(hyp, gold)
    (outcome,) = CompareEngine().process([FileTask("X.CHA", hyp, "eng", {"X.Gold.cha": gold})])
    assert isinstance(outcome, FileResult)
    assert [output.display_path for output in outcome.outputs] == ["X.CHA", "X.compare.csv"]


def test_bad_gold_or_hypothesis_fail_naming_which(tmp_path: Path) -> None:
    no_begin = GOLD.replace("@Begin\n", "")
    failed = run(tmp_path, HYPOTHESIS, no_begin)
    assert isinstance(failed, FileFailure) and failed.category is FailureCategory.PARSE_ERROR
    assert failed.message.startswith("x.gold.cha: ")
    failed = run(tmp_path, no_begin, GOLD)
    assert isinstance(failed, FileFailure) and failed.message.startswith("x.cha: ")
    empty = run(tmp_path, HYPOTHESIS, HEAD + "*INV:\txxx .\n@End\n")
    assert isinstance(empty, FileFailure) and empty.category is FailureCategory.VALIDATION
    assert empty.message == "gold x.gold.cha has no spoken words to score against"
