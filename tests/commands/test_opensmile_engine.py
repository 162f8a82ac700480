"""The opensmile engine on a synthesized voice and a corpus mp3, for every feature set."""

from __future__ import annotations

import csv
import io
import math
import shutil
from pathlib import Path

import pytest

from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.opensmile.command import FEATURE_COUNTS
from hotfolder.commands.opensmile.features import OpensmileEngine
from hotfolder.commands.opensmile.table import ID_COLUMNS
from hotfolder.errors import FailureCategory, FileFailure
from tests.commands.test_avqi_signals import vowel, write_wav

CORPUS_CLIP = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/support/parity/eng_multi_speaker.mp3"
RATE = 16000


@pytest.fixture(scope="module")
def egemaps() -> OpensmileEngine:
    return OpensmileEngine("eGeMAPSv02")


@pytest.fixture(scope="module")
def voice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds of a sustained /a/ at 120 Hz with vibrato, 16 kHz WAV."""
    return write_wav(tmp_path_factory.mktemp("smile") / "voice.wav", vowel(2.0, RATE), RATE)


def table(result: FileResult) -> tuple[list[str], list[str]]:
    (output,) = result.outputs
    rows = list(csv.reader(io.StringIO(output.data.decode("utf-8"))))
    assert len(rows) == 2, "one header and one row"
    return rows[0], rows[1]


def one(outcomes: list[Outcome]) -> Outcome:
    (outcome,) = outcomes
    return outcome


def test_synthesized_voice_gives_88_finite_functionals(egemaps: OpensmileEngine, voice: Path) -> None:
    result = one(egemaps.process([FileTask("PWA/voice.wav", voice, "eng")]))
    assert isinstance(result, FileResult), result
    assert result.outputs[0].display_path == "PWA/voice.opensmile.csv"
    header, row = table(result)
    assert header[:3] == list(ID_COLUMNS) and row[:3] == ["PWA/voice.wav", "0", "2"]
    assert len(header) == 3 + 88 and len(set(header)) == len(header)
    values = dict(zip(header[3:], map(float, row[3:]), strict=True))
    assert all(math.isfinite(v) for v in values.values())
    # The pitch it was made with: 120 Hz is 27.5 Hz * 2^(25.5 / 12), i.e. 25.5 semitones.
    assert values["F0semitoneFrom27.5Hz_sma3nz_amean"] == pytest.approx(25.5, abs=0.5)
    assert result.engines == {"opensmile": "2.6.0", "opensmile.feature_set": "eGeMAPSv02"}
    assert result.notes == {"duration_s": 2.0, "features": 88}


def test_corpus_mp3_decodes_without_ffmpeg(egemaps: OpensmileEngine, tmp_path: Path) -> None:
    # batchalign3's parity clip: 18 s of English conversation.
    clip = tmp_path / "eng_multi_speaker.mp3"
    shutil.copyfile(CORPUS_CLIP, clip)
    result = one(egemaps.process([FileTask("eng_multi_speaker.mp3", clip, "eng")]))
    assert isinstance(result, FileResult), result
    header, row = table(result)
    assert len(header) == 91
    assert float(row[2]) == pytest.approx(18.0, abs=0.1)
    assert all(math.isfinite(float(v)) for v in row[1:])
    # Speech, not a steady tone: loudness and pitch move.
    values = dict(zip(header, row, strict=True))
    assert float(values["loudness_sma3_stddevNorm"]) > 0.3
    assert float(values["VoicedSegmentsPerSec"]) > 1.0


@pytest.mark.parametrize("feature_set", sorted(FEATURE_COUNTS))
def test_each_feature_set_gives_its_columns(feature_set: str, voice: Path) -> None:
    result = one(OpensmileEngine(feature_set).process([FileTask("voice.wav", voice, "eng")]))
    assert isinstance(result, FileResult), result
    header, row = table(result)
    assert len(header) == len(row) == 3 + FEATURE_COUNTS[feature_set]
    assert all(math.isfinite(float(v)) for v in row[1:])
    assert result.engines["opensmile.feature_set"] == feature_set


def test_too_short_recording_fails(egemaps: OpensmileEngine, tmp_path: Path) -> None:
    blip = write_wav(tmp_path / "blip.wav", vowel(0.005, RATE), RATE)
    failure = one(egemaps.process([FileTask("blip.wav", blip, "eng")]))
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.VALIDATION
    assert failure.message == "blip.wav is too short for openSMILE functionals (0.005 s of audio)"


def test_undecodable_recording_fails(egemaps: OpensmileEngine, tmp_path: Path) -> None:
    junk = tmp_path / "junk.mp3"
    junk.write_bytes(b"\x00" * 64)
    failure = one(egemaps.process([FileTask("junk.mp3", junk, "eng")]))
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.VALIDATION
    assert "cannot decode the recording junk.mp3" in failure.message


def test_same_stem_twice_in_a_bundle(egemaps: OpensmileEngine, voice: Path) -> None:
    tasks = [
        FileTask("x.wav", voice, "eng", companions={"x.mp3": voice}),
        FileTask("x.mp3", voice, "eng", companions={"x.wav": voice}),
    ]
    first, second = egemaps.process(tasks)
    assert isinstance(first, FileResult)
    assert isinstance(second, FileFailure) and second.category is FailureCategory.VALIDATION
    assert second.message == "x.mp3 and x.wav would both write x.opensmile.csv; keep one recording per name in a bundle"
