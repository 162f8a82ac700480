"""pocketsphinx 5 with the en-us acoustic model, dictionary and language model inside its wheel.

The recording is cut into stretches of speech by pocketsphinx's voice
activity detector and each stretch is decoded on its own (bounded memory on
long recordings); each stretch ends with a `.` token, since the engine writes
no punctuation. English only: the wheel ships no other model.
"""

from __future__ import annotations

import io
import re
from importlib.metadata import version

import numpy as np

from hotfolder.commands import progress
from hotfolder.commands.audio import Samples
from hotfolder.commands.transcribe.recognition import SAMPLE_RATE, Recognition, TimedToken, recording_seconds, seconds_to_ms

LANG = "eng"
MODEL = "en-us"
PAUSE_MS = 600  # no punctuation to go by: a shorter silence ends an utterance
_ALTERNATE = re.compile(r"\(\d+\)\Z")  # `to(2)`: the dictionary's second pronunciation of `to`


class SphinxRecognizer:
    engine = "pocketsphinx"
    model = MODEL
    pause_ms = PAUSE_MS

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(loglevel="FATAL")
        self._frame_ms = 1000 // int(self._decoder.config["frate"])
        self.versions = {"pocketsphinx": version("pocketsphinx")}

    def recognize(self, samples: Samples, lang: str) -> Recognition:
        from pocketsphinx import Segmenter

        pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype(np.int16).tobytes()
        tokens: list[TimedToken] = []
        total_s = recording_seconds(samples)
        for region in Segmenter(sample_rate=SAMPLE_RATE).segment(io.BytesIO(pcm)):
            words = self._decode(region.pcm, seconds_to_ms(region.start_time))
            if words:
                last = words[-1]
                words[-1] = TimedToken(last.text + ".", last.start_ms, last.end_ms)
            tokens.extend(words)
            progress.advance(round(region.end_time), total_s)
        progress.advance(total_s, total_s)
        return Recognition(tokens, LANG)

    def _decode(self, pcm: bytes, offset_ms: int) -> list[TimedToken]:
        decoder = self._decoder
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        words = []
        for segment in decoder.seg():
            text = spoken_word(segment.word)
            if text is not None:
                start = offset_ms + segment.start_frame * self._frame_ms
                end = offset_ms + (segment.end_frame + 1) * self._frame_ms
                words.append(TimedToken(text, start, end))
        return words


def spoken_word(entry: str) -> str | None:
    """A dictionary word from a segment entry; None for silence, noise and sentence marks."""
    if entry.startswith(("<", "[", "+")):  # <s> </s> <sil> [NOISE] [SPEECH] ++GARBAGE++
        return None
    return _ALTERNATE.sub("", entry)
