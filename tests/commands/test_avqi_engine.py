"""The avqi engine on synthesized voices and a corpus clip, and its failures."""

from __future__ import annotations

import math
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hotfolder.commands.audio import load_audio
from hotfolder.commands.avqi.index import LABELS, parse_report
from hotfolder.commands.avqi.voice_quality import AvqiEngine
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.errors import FailureCategory, FileFailure
from tests.commands.test_avqi_signals import vowel, with_noise, write_wav
from tests.support.speech import speech_cache, synthesize

CORPUS_CLIP = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/support/parity/eng_multi_speaker.mp3"
RATE = 16000
NOISY_SNR_DB = 15.0


@dataclass(frozen=True)
class Pair:
    speech: Path
    vowel: Path

    def task(self, name: str = "P1") -> FileTask:
        return FileTask(f"{name}.cs.wav", self.speech, "eng", companions={f"{name}.sv.wav": self.vowel})


@pytest.fixture(scope="module")
def engine() -> AvqiEngine:
    return AvqiEngine()


@pytest.fixture(scope="module")
def pairs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pair]:
    """A clean speaker (espeak-ng speech, synthesized /a/) and the same recordings with noise added."""
    folder = tmp_path_factory.mktemp("avqi")
    spoken = synthesize("we were away a year ago", speech_cache(tmp_path_factory))
    speech = load_audio(spoken.wav, RATE)
    sustained = vowel(3.5, RATE)
    return {
        "clean": Pair(write_wav(folder / "clean.cs.wav", speech, RATE), write_wav(folder / "clean.sv.wav", sustained, RATE)),
        "noisy": Pair(
            write_wav(folder / "noisy.cs.wav", with_noise(speech, NOISY_SNR_DB), RATE),
            write_wav(folder / "noisy.sv.wav", with_noise(sustained, NOISY_SNR_DB, seed=1), RATE),
        ),
    }


@pytest.fixture(scope="module")
def batch(engine: AvqiEngine, pairs: dict[str, Pair]) -> list[Outcome]:
    """One batch: a speaker without a vowel, then the clean and the noisy speaker."""
    lonely = FileTask("P2.cs.wav", pairs["clean"].speech, "eng")
    return engine.process([lonely, pairs["clean"].task(), pairs["noisy"].task()])


@pytest.fixture(scope="module")
def results(batch: list[Outcome]) -> dict[str, FileResult]:
    clean, noisy = batch[1:]
    assert isinstance(clean, FileResult) and isinstance(noisy, FileResult), (clean, noisy)
    return {"clean": clean, "noisy": noisy}


def report(result: FileResult) -> dict[str, float]:
    (output,) = result.outputs
    return parse_report(output.data.decode("utf-8"))


def only_failure(outcomes: list[Outcome]) -> FileFailure:
    (outcome,) = outcomes
    assert isinstance(outcome, FileFailure), outcome
    return outcome


def test_noise_raises_the_index(results: dict[str, FileResult]) -> None:
    clean, noisy = report(results["clean"]), report(results["noisy"])
    print(f"clean {clean}\nnoisy {noisy}")
    assert noisy["AVQI"] > clean["AVQI"] + 2.0, (clean, noisy)
    assert noisy["HNR"] < clean["HNR"] - 5.0
    assert noisy["CPPS"] < clean["CPPS"]


def test_output_has_the_index_and_its_six_inputs(results: dict[str, FileResult]) -> None:
    for result in results.values():
        assert result.outputs[0].display_path == "P1.avqi.txt"
        values = report(result)
        assert list(values) == ["AVQI", *LABELS]
        assert all(math.isfinite(v) for v in values.values())
        assert values["AVQI"] == pytest.approx(result.notes["avqi"], abs=1e-3)


def test_receipt_notes_and_engines(results: dict[str, FileResult]) -> None:
    notes = results["clean"].notes
    assert notes["sustained_vowel"] == "P1.sv.wav"
    assert notes["vowel_s"] == 3.0  # the last 3 s of the 3.5 s vowel
    assert 1.0 < notes["voiced_speech_s"] < 3.0  # of about 2.4 s of speech between silences
    assert results["clean"].engines == {"praat-parselmouth": "0.4.7", "praat": "6.1.38", "avqi": "03.01"}


def test_missing_vowel_is_input_missing(engine: AvqiEngine, pairs: dict[str, Pair]) -> None:
    task = FileTask("PWA/P1.cs.wav", pairs["clean"].speech, "eng", companions={"PWA/P2.sv.wav": pairs["clean"].vowel})
    failure = only_failure(engine.process([task]))
    assert failure.category is FailureCategory.INPUT_MISSING
    assert failure.message == "no sustained vowel for PWA/P1.cs.wav: expected PWA/P1.sv.{wav,mp3,flac,ogg,m4a,mp4} in the same bundle"


def test_two_speech_recordings_of_one_speaker_are_refused(engine: AvqiEngine, pairs: dict[str, Pair]) -> None:
    clean = pairs["clean"]
    task = FileTask("P1.cs.mp3", clean.speech, "eng", companions={"P1.cs.wav": clean.speech, "P1.sv.wav": clean.vowel})
    failure = only_failure(engine.process([task]))
    assert failure.category is FailureCategory.VALIDATION
    assert "P1.cs.mp3 and P1.cs.wav would both write P1.avqi.txt" in failure.message


def test_silent_speech_has_no_voiced_part(engine: AvqiEngine, pairs: dict[str, Pair], tmp_path: Path) -> None:
    silent = write_wav(tmp_path / "silent.wav", vowel(2.0, RATE) * 0, RATE)
    failure = only_failure(engine.process([FileTask("P1.cs.wav", silent, "eng", companions={"P1.sv.wav": pairs["clean"].vowel})]))
    assert failure.category is FailureCategory.PROVIDER_TERMINAL
    assert failure.message == "no voiced speech found in P1.cs.wav"


def test_too_short_for_praat(engine: AvqiEngine, pairs: dict[str, Pair], tmp_path: Path) -> None:
    blip = write_wav(tmp_path / "blip.wav", vowel(0.05, RATE), RATE)
    failure = only_failure(engine.process([FileTask("P1.cs.wav", blip, "eng", companions={"P1.sv.wav": pairs["clean"].vowel})]))
    assert failure.category is FailureCategory.PROVIDER_TERMINAL
    assert failure.message.startswith("Praat cannot analyse P1.cs.wav with P1.sv.wav: ")


def test_undecodable_vowel_fails_the_file(engine: AvqiEngine, pairs: dict[str, Pair], tmp_path: Path) -> None:
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"RIFF but not really a wave file")
    failure = only_failure(engine.process([FileTask("P1.cs.wav", pairs["clean"].speech, "eng", companions={"P1.sv.wav": junk})]))
    assert failure.category is FailureCategory.VALIDATION
    assert "cannot decode the recording junk.wav" in failure.message


def test_a_batch_keeps_order_and_isolates_failures(batch: list[Outcome]) -> None:
    assert [type(outcome) for outcome in batch] == [FileFailure, FileResult, FileResult]
    assert isinstance(batch[0], FileFailure) and batch[0].category is FailureCategory.INPUT_MISSING


@pytest.mark.slow
def test_corpus_recording_as_continuous_speech(engine: AvqiEngine, pairs: dict[str, Pair], tmp_path: Path) -> None:
    # batchalign3's parity clip (18 s of English conversation, mp3) with the synthesized vowel.
    speech = tmp_path / "S.cs.mp3"
    shutil.copyfile(CORPUS_CLIP, speech)
    (outcome,) = engine.process([FileTask("S.cs.mp3", speech, "eng", companions={"S.sv.wav": pairs["clean"].vowel})])
    assert isinstance(outcome, FileResult), outcome
    values = report(outcome)
    assert all(math.isfinite(v) for v in values.values())
    assert 0.0 < values["AVQI"] < 10.0
    assert outcome.notes["voiced_speech_s"] > 3.0
