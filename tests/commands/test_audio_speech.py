"""tests/support/speech.py: the synthesized timings are where the sound is."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from tests.support.speech import TRIM_THRESHOLD, speech_cache, synthesize, words_of


def test_words_of() -> None:
    assert words_of("Hello, world! it's  a (test).") == ["Hello", "world", "it's", "a", "test"]


def test_timings_match_the_samples(tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize("she sells sea shells", speech_cache(tmp_path_factory), gap_ms=250, lead_ms=400)
    data, rate = soundfile.read(str(spoken.wav), dtype="int16")
    info = soundfile.info(str(spoken.wav))
    assert (rate, info.channels, info.subtype) == (16000, 1, "PCM_16")
    assert [word for word, _, _ in spoken.words] == ["she", "sells", "sea", "shells"]
    assert spoken.words[0][1] == 400
    assert spoken.duration_ms == round(len(data) / 16)
    loud = np.abs(data.astype(np.int32)) > TRIM_THRESHOLD
    for (_, _, end), (_, next_start, _) in zip(spoken.words, spoken.words[1:]):
        assert next_start - end == pytest.approx(250, abs=1)
        assert not loud[(end + 1) * 16 : (next_start - 1) * 16].any()  # the gaps are silent
    for _, start, end in spoken.words:  # times are rounded to the ms: sound starts and ends within 1 ms
        assert loud[start * 16 - 8 : start * 16 + 8].any() and loud[end * 16 - 8 : end * 16 + 8].any()
        assert not loud[start * 16 - 24 : start * 16 - 8].any() and not loud[end * 16 + 8 : end * 16 + 24].any()
        assert 100 < end - start < 1500
    assert spoken.duration_ms - spoken.words[-1][2] == pytest.approx(400, abs=1)


def test_cached_per_text(tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = speech_cache(tmp_path_factory)
    first = synthesize("one two", cache)
    stamp = first.wav.stat().st_mtime_ns
    again = synthesize("one two", cache)
    assert again == first and again.wav.stat().st_mtime_ns == stamp
    other = synthesize("one three", cache)
    assert other.wav != first.wav


def test_same_text_same_samples(tmp_path: Path) -> None:
    first = synthesize("glue the sheet", tmp_path / "a")
    second = synthesize("glue the sheet", tmp_path / "b")
    assert first.wav.read_bytes() == second.wav.read_bytes() and first.words == second.words
