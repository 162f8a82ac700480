"""pocketsphinx's English acoustic model aligning other languages, alone and merged with whisper.

Each word's pronunciation comes from espeak-ng in the sentence's own voice (`-v es`, `-v de`
...), mapped to the 39 CMU phones by `pronounce.ipa_to_arpabet` (the table made for English);
pocketsphinx then aligns as it does English, edges refined as the align engine refines them.
Side by side with the whisper aligner and with what `align` does for these languages
(crossling.merged: pocketsphinx's edges where their onset is within AGREE_MS of whisper's), on
bench/align_whisper.py's synthesized sentences, word by word, with 200 ms pauses and with none.
Synthesized speech only: the corpus has no non-English clip whose word timings can be checked
(bench/README.md, "align_whisper").

    .venv/bin/python bench/align_crossling.py
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.align_whisper import CACHE, SENTENCES, Errors, timed  # noqa: E402
from hotfolder.commands.align.crossling import merged  # noqa: E402
from hotfolder.commands.align.edges import refine_edges  # noqa: E402
from hotfolder.commands.align.pronounce import Runner, espeak_runner, ipa_to_arpabet  # noqa: E402
from hotfolder.commands.align.sphinx import SphinxAligner  # noqa: E402
from hotfolder.commands.align.whisper import WhisperAligner  # noqa: E402
from hotfolder.commands.audio import Samples, load_audio  # noqa: E402
from tests.support.speech import synthesize  # noqa: E402

SWITCH = re.compile(r"\([a-z-]+\)")  # espeak-ng's `(en)` language-switch marks


class CrossLingual:
    """pocketsphinx with espeak-ng pronunciations in the sentence's voice."""

    def __init__(self) -> None:
        self.aligner = SphinxAligner()
        self.entries: dict[tuple[str, str], str | None] = {}

    def entry(self, voice: str, runner: Runner, word: str) -> str | None:
        key = (voice, word.lower())
        if key not in self.entries:
            phones = ipa_to_arpabet(SWITCH.sub("", runner(word.lower()) or ""))
            name = f"xl{len(self.entries)}"
            if phones:
                self.aligner.add(name, phones)
            self.entries[key] = name if phones else None
        return self.entries[key]

    def align(self, samples: Samples, rate: int, entries: list[str | None]) -> list[tuple[int, int]] | None:
        if any(entry is None for entry in entries):
            return None
        found = self.aligner.align(samples, rate, [entry or "" for entry in entries])
        return None if found is None else refine_edges(samples, rate, found)


def main() -> None:
    cross, whisper = CrossLingual(), WhisperAligner()
    for gap in (200, 0):
        print(f"-- pauses between words: {gap} ms")
        for voice, (lang, label, sentences) in SENTENCES.items():
            runner = espeak_runner(voice)
            if voice.startswith("en") or runner is None:
                continue
            ours, theirs, both = Errors(), Errors(), Errors()
            for sentence in sentences:
                spoken = synthesize(sentence, CACHE, voice=voice, gap_ms=gap)
                samples = load_audio(spoken.wav, 16_000)
                truth = [(start, end) for _, start, end in spoken.words]
                words = [word for word, _, _ in spoken.words]
                sphinx = timed(ours, cross.align, samples, [cross.entry(voice, runner, w) for w in words])
                heard = timed(theirs, whisper.align, samples, words, lang)
                ours.add(sphinx, truth)
                theirs.add(heard, truth)
                if heard is not None:
                    chosen = merged(list(heard), list(sphinx) if sphinx else [None] * len(heard))
                    both.add([span for span in chosen if span is not None] if all(chosen) else None, truth)
            print(f"{label:3s} pocketsphinx+espeak {ours.row()}")
            print(f"{label:3s} whisper             {theirs.row()}")
            print(f"{label:3s} merged (align)      {both.row()}")


if __name__ == "__main__":
    main()
