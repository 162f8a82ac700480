"""Decoding recordings: corpus mp3 clips, synthesized wav, other containers, broken files."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import numpy.typing as npt
import pytest
import soundfile

from hotfolder.commands.audio import audio_duration_s, load_audio, resample
from hotfolder.errors import FailureCategory, FileFailure
from tests.support.speech import Spoken, speech_cache, synthesize

PARITY = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "batchalign3" / "batchalign" / "tests" / "support" / "parity"
CLIPS = sorted(PARITY.glob("*.mp3"))


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Spoken:
    return synthesize("the quick brown fox", speech_cache(tmp_path_factory))


def test_corpus_clips_are_there() -> None:
    assert len(CLIPS) >= 5, PARITY


@pytest.mark.parametrize("clip", CLIPS, ids=lambda p: p.name)
def test_corpus_mp3(clip: Path) -> None:
    samples = load_audio(clip)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert abs(len(samples) / 16000 - audio_duration_s(clip)) < 0.05
    assert 0.01 < float(np.abs(samples).max()) <= 1.0
    assert float(np.sqrt(np.mean(samples**2))) > 0.002  # speech, not silence (the quietest clip is at 0.0049)


def test_synthesized_wav_round_trips(spoken: Spoken) -> None:
    samples = load_audio(spoken.wav)
    original, rate = soundfile.read(str(spoken.wav), dtype="float32")
    assert rate == 16000
    np.testing.assert_array_equal(samples, original)
    assert audio_duration_s(spoken.wav) == pytest.approx(spoken.duration_ms / 1000, abs=0.001)


def _tone(rate: int, seconds: float, hz: float = 440.0) -> npt.NDArray[np.float32]:
    t = np.arange(int(rate * seconds)) / rate
    return (0.5 * np.sin(2 * np.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize(("rate", "target"), [(44100, 16000), (22050, 16000), (8000, 16000), (48000, 8000)])
def test_resample_keeps_length_and_tone(rate: int, target: int) -> None:
    out = resample(_tone(rate, 2.0), rate, target)
    assert abs(len(out) - 2 * target) <= 32
    spectrum = np.abs(np.fft.rfft(out[target // 4 : target // 4 + target]))
    assert np.argmax(spectrum) == pytest.approx(440, abs=2)  # 1 s window: bins are 1 Hz


def test_stereo_flac_and_ogg_are_mono(tmp_path: Path) -> None:
    left, right = _tone(44100, 1.0), np.zeros(44100, np.float32)
    for name in ("s.flac", "s.ogg"):
        soundfile.write(str(tmp_path / name), np.stack([left, right], axis=1), 44100)
        samples = load_audio(tmp_path / name)
        assert abs(len(samples) - 16000) <= 32
        assert 0.2 < float(np.abs(samples).max()) < 0.3  # the mean of one tone and silence


def _encode_m4a(path: Path, samples: npt.NDArray[np.float32], rate: int) -> None:
    with av.open(str(path), "w", format="mp4") as container:
        stream = container.add_stream("aac", rate=rate, layout="mono")
        frame = av.AudioFrame.from_ndarray(samples.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = rate
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


@pytest.mark.parametrize("name", ["tone.m4a", "tone.mp4"])
def test_aac_in_mp4_through_pyav(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _encode_m4a(path, _tone(44100, 1.5), 44100)
    samples = load_audio(path)
    assert abs(len(samples) - 24000) <= 1600  # AAC adds a frame or two of priming
    spectrum = np.abs(np.fft.rfft(samples[4000:20000]))
    assert np.argmax(spectrum) == pytest.approx(440, abs=2)  # 1 s window: bins are 1 Hz
    assert audio_duration_s(path) == pytest.approx(1.5, abs=0.1)


def test_wav_named_mp3_still_decodes(tmp_path: Path, spoken: Spoken) -> None:
    # libsndfile sniffs the content; PyAV covers what it refuses.
    path = tmp_path / "really_wav.mp3"
    path.write_bytes(spoken.wav.read_bytes())
    assert len(load_audio(path)) == len(load_audio(spoken.wav))


@pytest.mark.parametrize("name", ["junk.wav", "junk.m4a", "junk.mp3"])
def test_undecodable_is_a_validation_failure_naming_the_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"this is not audio at all" * 40)
    with pytest.raises(FileFailure) as caught:
        load_audio(path)
    assert caught.value.category is FailureCategory.VALIDATION
    assert caught.value.message.startswith(f"cannot decode the recording {name}:")


def test_missing_file_is_input_missing(tmp_path: Path) -> None:
    with pytest.raises(FileFailure) as caught:
        load_audio(tmp_path / "gone.wav")
    assert caught.value.category is FailureCategory.INPUT_MISSING
    assert "gone.wav" in caught.value.message
