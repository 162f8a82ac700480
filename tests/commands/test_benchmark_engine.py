"""benchmark with the real engines: hypothesis transcript, compare.csv and WER against a gold transcript."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import jiwer
import pytest

from hotfolder.chat import from_bytes, validate
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.benchmark.command import COMMAND, benchmark_inputs
from hotfolder.commands.transcribe.base import AsrEngine
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.commands.transcribe.scoring import normalize
from hotfolder.errors import CommandUnavailable, FailureCategory, FileFailure
from tests.support.speech import Spoken, speech_cache, synthesize

TEXT = "my grandmother makes the best apple pie in town"


def gold_text(utterances: list[tuple[str, str]], lang: str = "eng") -> str:
    """A small gold transcript: (speaker, main tier) pairs."""
    speakers = sorted({speaker for speaker, _ in utterances}) or ["PAR"]
    header = [
        "@UTF8",
        "@Begin",
        f"@Languages:\t{lang}",
        "@Participants:\t" + ", ".join(f"{s} Participant" for s in speakers),
        *(f"@ID:\t{lang}|gold|{s}|||||Participant|||" for s in speakers),
    ]
    return "\n".join([*header, *(f"*{s}:\t{text}" for s, text in utterances), "@End", ""])


@pytest.fixture(scope="module")
def whisper() -> AsrEngine:
    return COMMAND.load("eng", AsrOptions())


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Spoken:
    return synthesize(TEXT, speech_cache(tmp_path_factory))


@pytest.fixture
def drop(tmp_path: Path, spoken: Spoken) -> tuple[Path, Path]:
    """The recording and its gold (with a filler and a retrace the speaker 'said')."""
    wav = tmp_path / "pie.wav"
    shutil.copyfile(spoken.wav, wav)
    gold = tmp_path / "pie.cha"
    gold.write_text(gold_text([("GMA", "&-um my grandmother makes the best apple pie ."), ("GMA", "in town .")]))
    return wav, gold


def run(engine: AsrEngine, task: FileTask) -> Outcome:
    (outcome,) = engine.process([task])
    return outcome


def test_scores_the_hypothesis_against_the_gold(whisper: AsrEngine, drop: tuple[Path, Path]) -> None:
    wav, gold = drop
    outcome = run(whisper, FileTask("S1/pie.wav", wav, "eng", {"S1/pie.cha": gold}))
    assert isinstance(outcome, FileResult), outcome
    hypothesis_out, csv_out = outcome.outputs
    assert (hypothesis_out.display_path, csv_out.display_path) == ("S1/pie.cha", "S1/pie.compare.csv")

    hypothesis = from_bytes(hypothesis_out.data)
    assert validate(hypothesis) == []
    gold_list = [p for u in from_bytes(gold.read_bytes()).utterances for w in u.wor_words() for p in normalize(w.text)]
    hypothesis_list = [p for u in hypothesis.utterances for w in u.wor_words() for p in normalize(w.text)]
    assert gold_list[:3] == ["um", "my", "grandmother"]
    wer = jiwer.wer(" ".join(gold_list), " ".join(hypothesis_list))
    assert outcome.notes["wer"] == wer < 0.35
    assert (outcome.notes["gold_words"], outcome.notes["hypothesis_words"]) == (len(gold_list), len(hypothesis_list))
    assert outcome.notes["gold"] == "S1/pie.cha" and outcome.engines["jiwer"] == "4.0.0"

    rows = list(csv.DictReader(io.StringIO(csv_out.data.decode())))
    assert [r["gold"] for r in rows if r["op"] != "insertion"] == gold_list
    assert [r["hypothesis"] for r in rows if r["op"] != "deletion"] == hypothesis_list
    errors = sum(r["op"] in ("substitution", "deletion", "insertion") for r in rows)
    assert errors / len(gold_list) == pytest.approx(wer)
    assert {r["gold_line"] for r in rows if r["gold"]} == {"6", "7"}

    (entry,) = hypothesis.provenance()
    assert entry.command == "benchmark" and entry.fields["wer"] == f"{wer:.3f}" and entry.fields["engine"] == "whisper"
    assert hypothesis.media is not None and hypothesis.media.filename == "pie"


@pytest.mark.parametrize("name", ["S2/pie.cha", "S2/pie.gold.cha"])
def test_a_gold_alone_finds_its_recording_in_the_media_roots(whisper: AsrEngine, drop: tuple[Path, Path], tmp_path: Path, name: str) -> None:
    wav, gold = drop
    media = tmp_path / "media" / "S2"
    media.mkdir(parents=True)
    shutil.move(str(wav), media / "pie.wav")
    outcome = run(whisper, FileTask(name, gold, "eng", {}, (tmp_path / "media",)))
    assert isinstance(outcome, FileResult), outcome
    assert [o.display_path for o in outcome.outputs] == ["S2/pie.cha", "S2/pie.compare.csv"]
    assert outcome.notes["wer"] < 0.35 and outcome.notes["gold"] == name


def test_a_gold_named_as_compare_names_it_pairs_with_the_recording(whisper: AsrEngine, drop: tuple[Path, Path]) -> None:
    wav, gold = drop
    outcome = run(whisper, FileTask("pie.wav", wav, "eng", {"pie.gold.cha": gold}))
    assert isinstance(outcome, FileResult), outcome
    assert [o.display_path for o in outcome.outputs] == ["pie.cha", "pie.compare.csv"]
    assert outcome.notes["gold"] == "pie.gold.cha"


def test_inputs_that_cannot_be_scored_fail_alone(whisper: AsrEngine, drop: tuple[Path, Path], tmp_path: Path) -> None:
    wav, gold = drop
    broken = tmp_path / "broken.cha"
    broken.write_text("@UTF8\n@Begin\n*CHI:\thello .\n")  # no @End
    silent = tmp_path / "silent.cha"
    silent.write_text(gold_text([("CHI", "xxx ."), ("CHI", "&=laughs .")]))
    outcomes = whisper.process(
        [
            FileTask("lonely.wav", wav, "eng", {"other.cha": gold}),
            FileTask("pie.cha", gold, "eng", {}, (tmp_path / "nowhere",)),
            FileTask("pie.wav", wav, "eng", {"pie.cha": broken}),
            FileTask("pie.wav", wav, "eng", {"PIE.CHA": silent}),
        ]
    )
    assert all(isinstance(o, FileFailure) for o in outcomes)
    missing_gold, missing_recording, unreadable, wordless = (o for o in outcomes if isinstance(o, FileFailure))
    assert missing_gold.category is FailureCategory.INPUT_MISSING and "needs lonely.cha beside it" in missing_gold.message
    assert missing_recording.category is FailureCategory.INPUT_MISSING and "no recording found for pie.cha" in missing_recording.message
    assert unreadable.category is FailureCategory.PARSE_ERROR and unreadable.message.startswith("pie.cha:")
    assert unreadable.codes and unreadable.line is not None
    assert wordless.category is FailureCategory.VALIDATION and "has no spoken words" in wordless.message


def test_a_gold_in_a_language_the_engine_lacks_is_refused(drop: tuple[Path, Path], tmp_path: Path) -> None:
    wav, _ = drop
    french = tmp_path / "fr.cha"
    french.write_text(gold_text([("PAR", "bonjour .")], lang="fra"))
    sphinx = COMMAND.load("eng", AsrOptions(engine="pocketsphinx"))
    (outcome,) = sphinx.process([FileTask("fr.wav", wav, "eng", {"fr.cha": french})])
    assert isinstance(outcome, FileFailure) and outcome.category is FailureCategory.PROVIDER_TERMINAL
    assert "pocketsphinx has only an English model" in outcome.message


@pytest.mark.parametrize(
    ("members", "inputs"),
    [
        (["x.wav", "x.cha"], ["x.wav"]),
        (["x.cha", "x.mp3", "x.wav"], ["x.wav"]),
        (["x.cha"], ["x.cha"]),  # its recording is searched in the media roots
        (["x.wav"], ["x.wav"]),  # fails for want of a gold, rather than being ignored
        (["A/x.wav", "A/x.cha", "B/x.cha", "notes.txt"], ["A/x.wav", "B/x.cha"]),
        (["x.gold.cha", "x.wav", "y.gold.cha"], ["x.wav", "y.gold.cha"]),  # compare's naming works too
        (["y.cha", "y.gold.cha"], ["y.cha"]),
    ],
)
def test_one_input_per_recording_and_gold_pair(members: list[str], inputs: list[str]) -> None:
    assert benchmark_inputs(members) == inputs == COMMAND.primary_inputs(members)


def test_availability_names_the_command() -> None:
    with pytest.raises(CommandUnavailable, match="'benchmark' is unavailable: pocketsphinx has only an English model"):
        COMMAND.check_available("deu", AsrOptions(engine="pocketsphinx"))
    COMMAND.check_available("eng", AsrOptions())
