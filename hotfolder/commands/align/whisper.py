"""Forced alignment with whisper's cross-attention, for every language whisper knows.

Interface (the same shape as `SphinxAligner.align`, plus the language):

    aligner = WhisperAligner()          # one per worker: loads the packaged whisper-base weights
                                        # (WeightsError when missing or damaged; or pass a ModelSource);
                                        # peak RSS ~610 MB, load 1-4 s
    spans = aligner.align(samples, 16000, ["hola", "qué", "tal"], "spa")
    # -> [(start_ms, end_ms), ...], one per word, in order (a word ends by the next one's start), ms from the
    #    start of `samples`; None when no alignment can be made (a word yields no token,
    #    the audio is shorter than one feature frame, or whisper's units do not cover the
    #    tokens). Cross-attention always finds *some* path: a transcript that does not
    #    match the audio still gets spans (no confidence is reported).

- `samples`: mono float32 in [-1, 1] at 16 kHz (`rate` must be 16000, else ValueError);
  at most `MAX_WINDOW_MS` (30 s, whisper's one encoder window): longer audio raises
  `WindowTooLong` (a ValueError) rather than being cut, so the caller aligns per
  utterance window or in chunks of <= 30 s.
- `words`: the CHAT words' spoken text in order, no pronunciation dictionary; each
  non-empty (ValueError otherwise). An empty list gives [].
- `lang`: a CHAT code (`spa`, `deu`, `yue`, `cmn`, ...) or whisper's own (`es`);
  `UnsupportedLanguage` when whisper does not know it.

Recipe (../shared/reference/engines-offline.md, "Forced alignment beyond English"):
mel features of the window padded to 3,000 frames, one encoder pass, then
faster-whisper's `WhisperModel.find_alignment` with a `Tokenizer` of that
language over the words' tokens. The words are tokenized one at a time (with
whisper's leading space, except in the languages whisper writes without spaces),
so each word's time is read at its own token boundaries whatever units
faster-whisper groups tokens into. Raw starts then move onto the sound
(`onsets.refine_spans`).
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import numpy as np

from hotfolder.chat import Word
from hotfolder.commands.align.languages import UnsupportedLanguage, whisper_code
from hotfolder.commands.align.onsets import Span, refine_spans
from hotfolder.commands.audio import Samples
from hotfolder.commands.transcribe.weights import ModelSource, packaged_dirs, read_packaged
from hotfolder.commands.transcribe.whisper import open_model

RATE = 16000
MAX_WINDOW_MS = 30_000
ENCODER_FRAMES = 3000  # whisper's encoder always sees 30 s of 10 ms mel frames
# Languages whisper writes without spaces between words (faster-whisper splits them on unicode).
UNSPACED = frozenset({"zh", "ja", "th", "lo", "my", "yue"})


class WindowTooLong(ValueError):
    """The audio handed to one align call is longer than whisper's 30 s window."""

    def __init__(self, duration_ms: int) -> None:
        self.duration_ms = duration_ms
        super().__init__(f"whisper aligns at most {MAX_WINDOW_MS} ms per call; this window is {duration_ms} ms: align per utterance or in chunks")


def spoken_text(word: Word) -> str:
    """What whisper should hear for a CHAT word: its clean form, a compound's parts as separate words."""
    text = " ".join(word.parts) if word.parts else word.text
    return text.replace("_", " ")


def token_offsets(lengths: list[int]) -> list[int]:
    """Token index where each word starts, plus the total: [0, l0, l0+l1, ...]."""
    offsets = [0]
    for length in lengths:
        offsets.append(offsets[-1] + length)
    return offsets


def boundary_times(units: list[tuple[int, float, float]]) -> tuple[list[int], list[float]]:
    """Token boundaries and their times from find_alignment's units (token count, start s, end s).

    The units are contiguous (a unit's end is the next one's start), so a unit's
    start is the time of the boundary before it and its end of the one after.
    """
    positions, times = [0], [units[0][1] if units else 0.0]
    for count, _, end in units:
        positions.append(positions[-1] + count)
        times.append(end)
    return positions, times


def word_spans(offsets: list[int], units: list[tuple[int, float, float]]) -> list[Span]:
    """Each word's (start_ms, end_ms), read at its token boundaries (interpolated inside a unit)."""
    positions, times = boundary_times(units)
    at = np.interp(np.asarray(offsets, dtype=np.float64), positions, times)
    return [(round(float(a) * 1000), round(float(b) * 1000)) for a, b in pairwise(at)]


class WhisperAligner:
    """One whisper model in alignment mode; tokenizers are made once per language."""

    engine = "whisper"

    def __init__(self, source: ModelSource | None = None) -> None:
        source = source if source is not None else read_packaged(packaged_dirs())
        self._model, self.versions = open_model(source)
        self.model = source.label
        self._tokenizers: dict[str, Any] = {}

    def align(self, samples: Samples, rate: int, words: list[str], lang: str) -> list[Span] | None:
        """(start_ms, end_ms) of each word from the start of `samples`, or None when none can be made."""
        if rate != RATE:
            raise ValueError(f"the aligner takes {RATE} Hz audio, not {rate} Hz")
        duration_ms = len(samples) * 1000 // RATE
        if duration_ms > MAX_WINDOW_MS:
            raise WindowTooLong(duration_ms)
        if any(not word.strip() for word in words):
            raise ValueError(f"every word needs spoken text: {words!r}")
        tokenizer = self._tokenizer(lang)
        if not words:
            return []
        pieces = [tokenizer.encode(_spelled(word, tokenizer.language_code)) for word in words]
        if not all(pieces):
            return None
        extractor = self._model.feature_extractor
        features = extractor(np.ascontiguousarray(samples, dtype=np.float32))[..., :-1]
        frames = min(int(features.shape[-1]), ENCODER_FRAMES)
        if frames < 1:
            return None
        padded = np.pad(features[:, :frames], ((0, 0), (0, ENCODER_FRAMES - frames)))
        encoded = self._model.encode(padded)
        tokens = [token for piece in pieces for token in piece]
        (found,) = self._model.find_alignment(tokenizer, [tokens], encoded, frames)
        units = [(len(unit["tokens"]), float(unit["start"]), float(unit["end"])) for unit in found]
        if sum(count for count, _, _ in units) != len(tokens):
            return None
        spans = _ordered(word_spans(token_offsets([len(piece) for piece in pieces]), units), duration_ms)
        return refine_spans(samples, RATE, spans)

    def _tokenizer(self, lang: str) -> Any:
        code = whisper_code(lang) or (lang if _is_whisper_code(lang) else None)
        if code is None:
            raise UnsupportedLanguage(lang)
        if code not in self._tokenizers:
            from faster_whisper.tokenizer import Tokenizer  # type: ignore[import-untyped]

            self._tokenizers[code] = Tokenizer(self._model.hf_tokenizer, self._model.model.is_multilingual, task="transcribe", language=code)
        return self._tokenizers[code]


def _is_whisper_code(lang: str) -> bool:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    return lang in _LANGUAGE_CODES


def _spelled(word: str, code: str) -> str:
    # whisper writes a space before each word, except in scripts written without spaces
    return word if code in UNSPACED else " " + word


def _ordered(spans: list[Span], duration_ms: int) -> list[Span]:
    """Spans inside the window, each lasting at least 1 ms (cross-attention may give a word no time)."""
    out: list[Span] = []
    for start, end in spans:
        start = min(max(start, 0), duration_ms - 1)
        out.append((start, max(start + 1, min(end, duration_ms))))
    return out
