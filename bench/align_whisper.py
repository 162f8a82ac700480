"""The whisper aligner (hotfolder/commands/align/whisper.py) per language, and against pocketsphinx on English.

Synthesized: two sentences per language, spoken word by word by espeak-ng
(tests/support/speech.py) with 200 ms pauses between words and again with no
pauses; each sentence is one align call. Onset/offset error against the exact
synthesized word edges, share of onsets within 50 ms, RTF (align time / audio
time, model load excluded). English also through pocketsphinx (SphinxAligner,
its edges refined as the align engine does), side by side.

Real: the corpus clips with reference timings. Each timed utterance is aligned
in a window of its reference bullet widened by `PAD_MS` on each side (as align
widens bullets), words = the CHAT words' spoken text. Utterance edges (first
word's onset, last word's offset) are compared with the reference bullet, word
edges with the reference %wor where the file has one (batchalign's own output:
a reference, not ground truth). English: whisper and pocketsphinx on the same
windows.

    .venv/bin/python bench/align_whisper.py [--section all|synth|real]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hotfolder.chat import Word, loads  # noqa: E402
from hotfolder.commands.align.edges import refine_edges  # noqa: E402
from hotfolder.commands.align.lexicon import Lexicon  # noqa: E402
from hotfolder.commands.align.pronounce import espeak_runner  # noqa: E402
from hotfolder.commands.align.sphinx import SphinxAligner  # noqa: E402
from hotfolder.commands.align.whisper import WhisperAligner, spoken_text  # noqa: E402
from hotfolder.commands.audio import DEFAULT_RATE, Samples, load_audio  # noqa: E402
from hotfolder.commands.utseg.timing import parse_wor  # noqa: E402
from tests.support.speech import synthesize  # noqa: E402

Span = tuple[int, int]
CACHE = Path("/tmp/hf-bench-align-whisper")
BA3 = ROOT.parent / "shared" / "corpus" / "batchalign3" / "batchalign" / "tests"
PAD_MS = 500

SENTENCES: dict[str, tuple[str, str, list[str]]] = {  # espeak voice: (CHAT code, label, sentences)
    "en-us": ("eng", "en", ["the old man walked slowly down the quiet road", "she bought fresh bread and milk this morning"]),
    "es": ("spa", "es", ["el perro come pan en la casa de mi abuela", "mañana vamos a la playa con nuestros amigos"]),
    "de": ("deu", "de", ["der Hund isst Brot im Haus meiner Großmutter", "morgen fahren wir mit dem Zug nach Berlin"]),
    "fr": ("fra", "fr", ["le chien mange du pain dans la maison", "demain nous irons à la plage avec nos amis"]),
    "it": ("ita", "it", ["il cane mangia il pane nella casa della nonna", "domani andiamo al mare con i nostri amici"]),
    "pt": ("por", "pt", ["o cão come pão na casa da minha avó", "amanhã vamos à praia com os nossos amigos"]),
    "nl": ("nld", "nl", ["de hond eet brood in het huis van mijn oma", "morgen gaan we met de trein naar Amsterdam"]),
    "pl": ("pol", "pl", ["pies je chleb w domu mojej babci", "jutro pojedziemy pociągiem do Krakowa z przyjaciółmi"]),
    "ru": ("rus", "ru", ["собака ест хлеб в доме моей бабушки", "завтра мы поедем на море с друзьями"]),
    "tr": ("tur", "tr", ["köpek büyükannemin evinde ekmek yiyor", "yarın arkadaşlarımızla birlikte denize gideceğiz"]),
    "et": ("est", "et", ["koer sööb leiba minu vanaema majas", "homme sõidame rongiga koos sõpradega Tallinna"]),
}  # fmt: skip


@dataclass
class Errors:
    onset: list[int] = field(default_factory=list)
    offset: list[int] = field(default_factory=list)
    seconds: float = 0.0
    audio_s: float = 0.0
    failed: int = 0

    def add(self, found: list[Span] | None, truth: list[Span]) -> None:
        if found is None:
            self.failed += len(truth)
            return
        self.onset += [f[0] - t[0] for f, t in zip(found, truth)]
        self.offset += [f[1] - t[1] for f, t in zip(found, truth)]

    def row(self) -> str:
        if not self.onset:
            return f"no words aligned ({self.failed} failed)"
        on, off = np.abs(self.onset), np.abs(self.offset)
        rtf = self.seconds / self.audio_s if self.audio_s else float("nan")
        return (
            f"n={len(on):3d} onset mean {on.mean():5.1f} med {np.median(on):5.1f} bias {np.mean(self.onset):+6.1f} "
            f"<=25 {np.mean(on <= 25):4.0%} <=50 {np.mean(on <= 50):4.0%} <=100 {np.mean(on <= 100):4.0%} | "
            f"offset mean {off.mean():5.1f} <=50 {np.mean(off <= 50):4.0%} bias {np.mean(self.offset):+6.1f} | "
            f"RTF {rtf:.3f}" + (f" | {self.failed} unaligned" if self.failed else "")
        )


def timed(errors: Errors, call: object, samples: Samples, *args: object) -> list[Span] | None:
    start = time.perf_counter()
    found = call(samples, DEFAULT_RATE, *args)  # type: ignore[operator]
    errors.seconds += time.perf_counter() - start
    errors.audio_s += len(samples) / DEFAULT_RATE
    return found  # type: ignore[no-any-return]


class Sphinx:
    """pocketsphinx as the align engine runs it: dictionary entries, then edges refined on the signal."""

    def __init__(self) -> None:
        self.aligner = SphinxAligner()
        self.lexicon = Lexicon(self.aligner, espeak_runner())

    def align(self, samples: Samples, rate: int, words: list[Word]) -> list[Span] | None:
        entries = [self.lexicon.entry(word) for word in words]
        if any(entry is None for entry in entries):
            return None
        found = self.aligner.align(samples, rate, [entry or "" for entry in entries])
        return None if found is None else refine_edges(samples, rate, found)


def synth_section(whisper: WhisperAligner, sphinx: Sphinx) -> None:
    print("== synthesized, word by word (espeak-ng), one align call per sentence")
    for gap in (200, 0):
        print(f"-- pauses between words: {gap} ms")
        for voice, (lang, label, sentences) in SENTENCES.items():
            errors, sphinx_errors = Errors(), Errors()
            for sentence in sentences:
                spoken = synthesize(sentence, CACHE, voice=voice, gap_ms=gap)
                samples = load_audio(spoken.wav, DEFAULT_RATE)
                truth = [(start, end) for _, start, end in spoken.words]
                words = [word for word, _, _ in spoken.words]
                errors.add(timed(errors, whisper.align, samples, words, lang), truth)
                if lang == "eng":
                    chat_words = [Word(word.lower(), word) for word in words]
                    sphinx_errors.add(timed(sphinx_errors, sphinx.align, samples, chat_words), truth)
            print(f"{label:3s} whisper      {errors.row()}")
            if lang == "eng":
                print(f"{label:3s} pocketsphinx {sphinx_errors.row()}")


@dataclass(frozen=True)
class Clip:
    name: str
    cha: Path
    audio: Path
    lang: str  # CHAT code the whisper aligner gets


CLIPS = [
    Clip("test (eng, adult read)", BA3 / "formats/chat/support/test.cha", BA3 / "formats/chat/support/test.mp3", "eng"),
    Clip("eng_multi_speaker (eng, child + father)", BA3 / "support/parity/eng_multi_speaker.cha",
         BA3 / "support/parity/eng_multi_speaker.mp3", "eng"),
    Clip("fra_geneva (fra)", BA3 / "support/parity/fra_geneva_timed.cha", BA3 / "support/parity/fra_geneva_clip.mp3", "fra"),
    Clip("jpn_tyo (jpn)", BA3 / "support/parity/jpn_tyo_timed.cha", BA3 / "support/parity/jpn_tyo_clip.mp3", "jpn"),
    Clip("yue_hku (yue)", BA3 / "support/parity/yue_hku_timed.cha", BA3 / "support/parity/yue_hku_clip.mp3", "yue"),
    Clip("biling_vec_hrv (vec/hrv, aligned as hrv)", BA3 / "support/parity/biling_vec_hrv_timed.cha",
         BA3 / "support/parity/biling_vec_hrv_clip.mp3", "hrv"),
    Clip("spa_marrero (spa, child)", BA3 / "support/parity/spa_marrero_timed.cha",
         BA3 / "support/parity/spa_marrero_clip.mp3", "spa"),
]  # fmt: skip


@dataclass(frozen=True)
class Reference:
    words: list[Word]
    window: Span  # ms in the recording
    bullet: Span
    wor: list[Span | None]  # per word; all None without a usable %wor


def references(clip: Clip, duration_ms: int) -> list[Reference]:
    chat = loads(clip.cha.read_text(encoding="utf-8"))
    out = []
    for utterance in chat.utterances:
        words, bullet = utterance.wor_words(), utterance.bullet
        if not words or bullet is None or bullet[1] > duration_ms:
            continue
        wor: list[Span | None] = [None] * len(words)
        content = utterance.tier("wor")
        if content is not None:
            entries = parse_wor(content)
            if len(entries) == len(words):
                wor = [span for _, span in entries]
        window = (max(0, bullet[0] - PAD_MS), min(duration_ms, bullet[1] + PAD_MS))
        if window[1] - window[0] > 30_000:  # whisper's limit: such an utterance is aligned in chunks
            continue
        out.append(Reference(words, window, bullet, wor))
    return out


def real_section(whisper: WhisperAligner, sphinx: Sphinx) -> None:
    print(f"== real clips: each timed utterance in its reference bullet +/-{PAD_MS} ms")
    for clip in CLIPS:
        samples = load_audio(clip.audio, DEFAULT_RATE)
        refs = references(clip, len(samples) * 1000 // DEFAULT_RATE)
        labels = ["whisper", "pocketsphinx"] if clip.lang == "eng" else ["whisper"]
        print(f"-- {clip.name}: {len(refs)} utterances, {sum(len(r.words) for r in refs)} words")
        for label in labels:
            edges, word_errors = Errors(), Errors()
            for ref in refs:
                piece = samples[ref.window[0] * 16 : ref.window[1] * 16]
                if label == "whisper":
                    found = timed(edges, whisper.align, piece, [spoken_text(word) for word in ref.words], clip.lang)
                else:
                    found = timed(edges, sphinx.align, piece, ref.words)
                shifted = None if found is None else [(s + ref.window[0], e + ref.window[0]) for s, e in found]
                edges.add(None if shifted is None else [(shifted[0][0], shifted[-1][1])], [ref.bullet])
                pairs = [(f, t) for f, t in zip(shifted or [], ref.wor) if t is not None]
                if pairs:
                    word_errors.add([f for f, _ in pairs], [t for _, t in pairs])
            print(f"   {label:12s} utterance edges {edges.row()}")
            if word_errors.onset:
                print(f"   {label:12s} words vs %wor   {word_errors.row()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--section", choices=("all", "synth", "real"), default="all")
    args = parser.parse_args()
    start = time.perf_counter()
    whisper = WhisperAligner()
    print(f"whisper aligner ({whisper.model}) loaded in {time.perf_counter() - start:.1f} s")
    sphinx = Sphinx()
    if args.section in ("all", "synth"):
        synth_section(whisper, sphinx)
    if args.section in ("all", "real"):
        real_section(whisper, sphinx)


if __name__ == "__main__":
    main()
