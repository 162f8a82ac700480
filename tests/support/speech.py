"""Synthesized speech with exact word timings (espeak-ng), for aligner and ASR tests.

Each word is synthesized on its own, resampled to 16 kHz mono 16-bit (sox),
trimmed of leading and trailing silence, and the words are joined with
silences of known length. The word boundaries are therefore exact: a word
starts at its first sample above the trim threshold and ends after its last.

    spoken = synthesize("the cat sat on the mat", speech_cache(tmp_path_factory))
    spoken.wav                      # Path of the WAV
    spoken.words[0]                 # ("the", 300, 412): word, start_ms, end_ms
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
import soundfile

RATE = 16000
# -40 dBFS: above espeak's near-silent edges, below the onset of its weakest consonants.
TRIM_THRESHOLD = 328
_VERSION = 2  # bump when the recipe changes so stale cache entries are not reused
_EDGE_PUNCTUATION = re.compile(r"^[^\w']+|[^\w']+$")


@dataclass(frozen=True)
class Spoken:
    wav: Path
    words: list[tuple[str, int, int]]  # (word, start_ms, end_ms), in order
    duration_ms: int


def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole test session (shared by every module that synthesizes)."""
    folder = tmp_path_factory.getbasetemp() / "speech-cache"
    folder.mkdir(exist_ok=True)
    return folder


def words_of(text: str) -> list[str]:
    """The words of `text` as spoken: whitespace-separated, edge punctuation removed."""
    words = [_EDGE_PUNCTUATION.sub("", token) for token in text.split()]
    return [word for word in words if word]


def synthesize(
    text: str,
    cache_dir: Path,
    *,
    gap_ms: int = 200,
    lead_ms: int = 300,
    voice: str = "en-us",
) -> Spoken:
    """Speak `text` word by word; cached in `cache_dir` by text and settings."""
    words = words_of(text)
    if not words:
        raise ValueError(f"no words to speak in {text!r}")
    key = hashlib.sha256(json.dumps([_VERSION, words, gap_ms, lead_ms, voice]).encode()).hexdigest()[:16]
    cache_dir.mkdir(parents=True, exist_ok=True)
    wav, meta = cache_dir / f"{key}.wav", cache_dir / f"{key}.json"
    if wav.exists() and meta.exists():
        stored = json.loads(meta.read_text())
        return Spoken(wav, [(w, s, e) for w, s, e in stored["words"]], stored["duration_ms"])
    pieces: list[npt.NDArray[np.int16]] = [_silence(lead_ms)]
    timings: list[tuple[str, int, int]] = []
    cursor = lead_ms * RATE // 1000  # in samples
    for index, word in enumerate(words):
        audio = _trim(_speak_word(word, voice, cache_dir / f"{key}.part.wav"))
        if index:
            pieces.append(_silence(gap_ms))
            cursor += gap_ms * RATE // 1000
        timings.append((word, _ms(cursor), _ms(cursor + len(audio))))
        pieces.append(audio)
        cursor += len(audio)
    pieces.append(_silence(lead_ms))
    samples = np.concatenate(pieces)
    soundfile.write(str(wav), samples, RATE, subtype="PCM_16")
    duration_ms = _ms(len(samples))
    meta.write_text(json.dumps({"words": timings, "duration_ms": duration_ms}))
    (cache_dir / f"{key}.part.wav").unlink(missing_ok=True)
    return Spoken(wav, timings, duration_ms)


def _speak_word(word: str, voice: str, scratch: Path) -> npt.NDArray[np.int16]:
    espeak = subprocess.run(["espeak-ng", "-v", voice, "--stdout", word], check=True, capture_output=True)
    subprocess.run(
        # -D: no dither, so the same text always gives the same samples
        ["sox", "-D", "-t", "wav", "-", "-r", str(RATE), "-c", "1", "-b", "16", str(scratch)],
        input=espeak.stdout,
        check=True,
        capture_output=True,
    )
    data, rate = soundfile.read(str(scratch), dtype="int16")
    if rate != RATE:
        raise RuntimeError(f"sox wrote {rate} Hz, expected {RATE}")
    return np.asarray(data, dtype=np.int16)


def _trim(audio: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > TRIM_THRESHOLD)
    if loud.size == 0:
        raise RuntimeError("espeak-ng produced silence")
    return audio[loud[0] : loud[-1] + 1]


def _silence(ms: int) -> npt.NDArray[np.int16]:
    return np.zeros(ms * RATE // 1000, dtype=np.int16)


def _ms(samples: int) -> int:
    return round(samples * 1000 / RATE)
