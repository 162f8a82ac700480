"""pocketsphinx 5 forced alignment of a word sequence to a stretch of audio.

Settings measured on synthesized speech (bench/align_accuracy.py):
- `bestpath` off: with it on, wide beams return a partial path instead of
  the aligned sentence;
- the word-exit beam as wide as the state beams: a narrower `wbeam` prunes
  the only path through the grammar and the alignment fails;
- dither (one least significant bit of noise, from a fixed seed so the same
  audio always aligns the same): digital silence otherwise yields
  degenerate features; pocketsphinx's own `dither` draws new noise per call;
- `silprob` 1: a pause between words costs nothing, so silence is not
  absorbed into the neighbouring words;
- the front end restarts for every stretch (`reinit_feat`): the live
  cepstral mean otherwise carries over from the previous stretch, and the
  same audio would align differently depending on what came before.
A stretch is first tried with pocketsphinx's default beam and, when no path
reaches the end of the grammar, again with wide beams (long stretches start
wide). The first tries are cheap; the wide ones about 0.04x real time.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

import numpy as np

from hotfolder.commands.asr.sphinx import spoken_word
from hotfolder.commands.audio import Samples

if TYPE_CHECKING:
    from pocketsphinx import Decoder

NARROW_BEAM = 1e-48  # pocketsphinx's default
WIDE_BEAM = 1e-120
WIDE_FROM_MS = 25_000  # stretches longer than this start with wide beams
DITHER_SEED = 1


def pocketsphinx_version() -> str:
    return version("pocketsphinx")


class SphinxAligner:
    """Two decoders (narrow and wide beams) sharing the words added to the dictionary."""

    def __init__(self) -> None:
        self._decoders: dict[float, Decoder] = {}
        self._added: dict[str, str] = {}
        self.frame_ms = 1000 // int(self._decoder(NARROW_BEAM).config["frate"])

    def _decoder(self, beam: float) -> Decoder:
        decoder = self._decoders.get(beam)
        if decoder is None:
            from pocketsphinx import Decoder

            decoder = Decoder(
                loglevel="FATAL", beam=beam, pbeam=beam, wbeam=beam,
                bestpath=False, silprob=1.0,
            )  # fmt: skip
            added = list(self._added.items())
            for index, (word, phones) in enumerate(added):
                decoder.add_word(word, phones, index == len(added) - 1)  # one search update at the end
            self._decoders[beam] = decoder
        return decoder

    def knows(self, word: str) -> bool:
        return self._decoder(NARROW_BEAM).lookup_word(word) is not None

    def phones(self, word: str) -> str | None:
        """The dictionary's pronunciation of `word` (space-separated ARPABET), or None."""
        found = self._decoder(NARROW_BEAM).lookup_word(word)
        return str(found) if found is not None else None

    def add(self, word: str, phones: list[str]) -> None:
        """Teach every decoder (present and future) a pronunciation."""
        text = " ".join(phones)
        self._added[word] = text
        for decoder in self._decoders.values():
            decoder.add_word(word, text, True)

    def align(self, samples: Samples, rate: int, words: list[str]) -> list[tuple[int, int]] | None:
        """(start_ms, end_ms) of each word from the start of `samples`, or None when no path fits."""
        pcm = _dithered_pcm(samples)
        wide_only = len(samples) * 1000 // rate > WIDE_FROM_MS
        for beam in (WIDE_BEAM,) if wide_only else (NARROW_BEAM, WIDE_BEAM):
            decoder = self._decoder(beam)
            decoder.reinit_feat()  # CMN and the front end carry state over between calls: start afresh
            found = self._run(decoder, pcm, words)
            if found is not None:
                return found
        return None

    def _run(self, decoder: Decoder, pcm: bytes, words: list[str]) -> list[tuple[int, int]] | None:
        try:
            decoder.set_align_text(" ".join(words))
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
        except RuntimeError:  # pocketsphinx reports a grammar it cannot build or finish this way
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
    return np.rint(scaled).astype(np.int16).tobytes()
