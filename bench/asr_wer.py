"""Benchmark: word error rate and real-time factor of each ASR engine (whisper, pocketsphinx).

    .venv/bin/python bench/asr_wer.py [--engines whisper,pocketsphinx] [--noise-db -60] [--seed 7]

Audio: the recordings bench/align_accuracy.py aligns, built by its own code:
36 IEEE "Harvard" sentences spoken word by word by espeak-ng
(tests/support/speech.py), joined into one recording with 700 ms between
sentences, clean and over white noise at -60 dBFS; plus one real recording,
batchalign3's 18 s CHILDES clip eng_multi_speaker.mp3 with its transcript as
the gold. Each recording goes through the `benchmark` command's engine
(decode, recognize, CHAT, score) with a gold `.cha` of one utterance per
sentence. RTF = processing seconds / audio seconds with the engine already
loaded, wall and CPU (this process, the engines' threads included).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARITY = REPO.parent / "shared/corpus/batchalign3/batchalign/tests/support/parity"
sys.path.insert(0, str(REPO))

from bench.align_accuracy import SENTENCES, build_recording  # noqa: E402
from hotfolder.commands.base import FileResult, FileTask  # noqa: E402
from hotfolder.commands.benchmark.command import COMMAND  # noqa: E402
from hotfolder.commands.transcribe.base import AsrEngine  # noqa: E402
from hotfolder.commands.transcribe.options import AsrOptions  # noqa: E402


def gold_cha(sentences: list[str]) -> str:
    head = "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tPAR Participant\n@ID:\teng|bench|PAR|||||Participant|||\n"
    return head + "".join(f"*PAR:\t{sentence} .\n" for sentence in sentences) + "@End\n"


def measure(engine: AsrEngine, task: FileTask, label: str, load_s: float) -> str:
    """One table row: the file through the engine, its WER and real-time factors."""
    cpu, wall = time.process_time(), time.perf_counter()
    (outcome,) = engine.process([task])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if not isinstance(outcome, FileResult):
        raise SystemExit(f"{task.display_path} failed: {outcome}")
    notes = outcome.notes
    audio_s = notes["audio_s"]
    return (
        f"| {notes['engine']} | {label} | {audio_s:.1f} | {notes['gold_words']} | {notes['wer']:.3f} "
        f"| {wall / audio_s:.2f} | {cpu / audio_s:.2f} | {load_s:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--engines", default="whisper,pocketsphinx")
    parser.add_argument("--voice", default="en-us")
    parser.add_argument("--noise-db", type=float, default=-60.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        gold = folder / "gold.cha"
        gold.write_text(gold_cha(SENTENCES))
        clean = build_recording(folder, args.voice, None, args.seed)
        noisy = build_recording(folder, args.voice, args.noise_db, args.seed)
        conditions = [
            (f"espeak-ng {args.voice}, {len(SENTENCES)} sentences, clean", FileTask("clean.wav", clean.wav, "eng", {"clean.cha": gold})),
            (f"the same, noise {args.noise_db:g} dBFS", FileTask("noisy.wav", noisy.wav, "eng", {"noisy.cha": gold})),
            ("CHILDES clip eng_multi_speaker", FileTask("clip.mp3", PARITY / "eng_multi_speaker.mp3", "eng", {"clip.cha": PARITY / "eng_multi_speaker.cha"})),
        ]
        print("| engine | audio | audio s | gold words | WER | RTF wall | RTF CPU | load s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        for name in args.engines.split(","):
            start = time.perf_counter()
            engine = COMMAND.load("eng", AsrOptions.model_validate({"engine": name}))
            load_s = time.perf_counter() - start
            for label, task in conditions:
                print(measure(engine, task, label, load_s), flush=True)


if __name__ == "__main__":
    main()
