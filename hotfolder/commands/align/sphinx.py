"""pocketsphinx 5 forced alignment of a word sequence to a stretch of audio.

Settings measured on synthesized speech (bench/align_accuracy.py):
- wide beams (1e-120) for every stretch, the word-exit beam as wide as the
  state beams: with pocketsphinx's defaults only 7 of 24 sentences aligned,
  and a path found under the default beams could be a pruned, wrong one (a
  word squeezed into 60 ms beside its true place); wide beams cost about
  0.02x real time;
- `bestpath` off: with it on, wide beams return a partial path instead of
  the aligned sentence;
- dither (one least significant bit of noise, from a fixed seed so the same
  audio always aligns the same): digital silence otherwise yields
  degenerate features; pocketsphinx's own `dither` draws new noise per call;
- `silprob` 1: a pause between words costs nothing, so silence is not
  absorbed into the neighbouring words;
- the front end restarts for every stretch (`reinit_feat`): its state
  otherwise carries over from the previous stretch, and the same audio
  would align differently depending on what came before.
"""

from __future__ import annotations

from importlib.metadata import version

import numpy as np

from hotfolder.commands.audio import Samples
from hotfolder.commands.transcribe.sphinx import spoken_word

BEAM = 1e-120
DITHER_SEED = 1


def pocketsphinx_version() -> str:
    return version("pocketsphinx")


class SphinxAligner:
    """One en-us decoder in alignment mode; words added to its dictionary stay for its life."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder

        self._decoder = Decoder(
            loglevel="FATAL", beam=BEAM, pbeam=BEAM, wbeam=BEAM, bestpath=False, silprob=1.0
        )
        self.frame_ms = 1000 // int(self._decoder.config["frate"])

    def phones(self, word: str) -> str | None:
        """The dictionary's pronunciation of `word` (space-separated ARPABET), or None."""
        found = self._decoder.lookup_word(word)
        return str(found) if found is not None else None

    def add(self, word: str, phones: list[str]) -> None:
        """Teach the decoder a pronunciation."""
        self._decoder.add_word(word, " ".join(phones), True)

    def align(self, samples: Samples, rate: int, words: list[str]) -> list[tuple[int, int]] | None:
        """(start_ms, end_ms) of each word from the start of `samples`, or None when no path fits."""
        if rate != int(self._decoder.config["samprate"]):
            raise ValueError(f"the aligner takes {self._decoder.config['samprate']} Hz audio, not {rate} Hz")
        decoder = self._decoder
        try:
            decoder.reinit_feat()
            decoder.set_align_text(" ".join(words))
            decoder.start_utt()
            decoder.process_raw(_dithered_pcm(samples), full_utt=True)
            decoder.end_utt()
        except RuntimeError:  # how pocketsphinx reports a grammar it cannot build or finish
            return None
        if decoder.hyp() is None:
            return None
        found, spans = [], []
        for segment in decoder.seg():
            word = spoken_word(segment.word)
            if word is not None:
                found.append(word)
                spans.append((segment.start_frame * self.frame_ms, (segment.end_frame + 1) * self.frame_ms))
        return spans if found == words else None  # a partial path is no alignment


def _dithered_pcm(samples: Samples) -> bytes:
    noise = np.random.default_rng(DITHER_SEED).uniform(-1.0, 1.0, len(samples)).astype(np.float32)
    scaled = np.clip(samples, -1.0, 1.0) * np.float32(32766) + noise
    return bytes(np.rint(scaled).astype(np.int16).tobytes())
