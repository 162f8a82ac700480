"""Word boundary accuracy and speed of `align` on synthesized speech with exact word timings.

Each sentence is spoken word by word by espeak-ng (tests/support/speech.py),
the sentences are joined into one recording with pauses between them, and a
CHAT file with one utterance per sentence goes through the real AlignEngine.
Every %wor bullet is compared with the synthesized word boundaries.

Conditions: utterance bullets given (the true sentence span, each edge moved
by up to +/-150 ms at random, as rough bullets from transcription software),
no bullets at all (one wide-beam window over the whole recording), and the
bulleted case again over a noise floor (white noise at -60 dBFS, a quiet room).

Real speech (bench/align_real.py): the corpus clips with reference timings,
bullets stripped and kept.

    .venv/bin/python bench/align_accuracy.py [--section all|synth|real] [--voice en-us] [--noise-db -60] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.align_real import print_real  # noqa: E402
from hotfolder.chat import loads  # noqa: E402
from hotfolder.commands.align.engine import AlignEngine  # noqa: E402
from hotfolder.commands.align.options import AlignOptions  # noqa: E402
from hotfolder.commands.base import FileResult, FileTask  # noqa: E402
from hotfolder.commands.utseg.timing import parse_wor  # noqa: E402
from tests.support.speech import synthesize  # noqa: E402

# IEEE "Harvard" sentences, lists 3-5 (public domain); none were used to choose the engine's settings.
SENTENCES = """\
the small pup gnawed a hole in the sock
the fish twisted and turned on the bent hook
press the pants and sew a button on the vest
the swan dive was far short of perfect
the beauty of the view stunned the young boy
two blue fish swam in the tank
her purse was full of useless trash
the colt reared and threw the tall rider
it snowed rained and hailed the same morning
read verse out loud for pleasure
hoist the load to your left shoulder
take the winding path to reach the lake
note closely the size of the gas tank
wipe the grease off his dirty face
mend the coat before you go out
the wrist was badly strained and hung limp
the stray cat gave birth to kittens
the young girl gave no clear response
the meal was cooked before the bell rang
what joy there is in living
a king ruled the state in the early days
the ship was torn apart on the sharp reef
sickness kept him home the third week
the wide road shimmered in the hot sun
the lazy cow lay in the cool grass
lift the square stone over the fence
the rope will bind the seven books at once
hop over the fence and plunge in
the friendly gang left the drug store
mesh wire keeps chicks inside
the frosty air passed through the coat
the crooked maze failed to fool the mouse
adding fast leads to wrong sums
the show was a flop from the very start
a saw is a tool used for making boards
the wagon moved on well oiled wheels
""".splitlines()

RATE = 16000
SENTENCE_GAP_MS = 700


@dataclass
class Recording:
    wav: Path
    sentences: list[list[tuple[str, int, int]]]  # per sentence: (word, start_ms, end_ms)
    duration_s: float


def build_recording(folder: Path, voice: str, noise_db: float | None, seed: int) -> Recording:
    """Synthesize every sentence and join them; word times shifted to the joined recording."""
    cache = folder / "speech"
    cache.mkdir(exist_ok=True)
    pieces: list[np.ndarray] = []
    sentences: list[list[tuple[str, int, int]]] = []
    offset = 0  # samples
    for text in SENTENCES:
        spoken = synthesize(text, cache, voice=voice)
        samples, rate = soundfile.read(str(spoken.wav), dtype="float32")
        if rate != RATE:
            raise RuntimeError(f"{spoken.wav} is {rate} Hz")
        shift = offset * 1000 / RATE
        sentences.append([(w, round(s + shift), round(e + shift)) for w, s, e in spoken.words])
        pieces += [samples, np.zeros(SENTENCE_GAP_MS * RATE // 1000, np.float32)]
        offset += len(samples) + SENTENCE_GAP_MS * RATE // 1000
    audio = np.concatenate(pieces)
    if noise_db is not None:
        audio = audio + np.random.default_rng(seed).normal(0, 10 ** (noise_db / 20), len(audio)).astype(np.float32)
    wav = folder / f"bench_{voice}_{noise_db}.wav"
    soundfile.write(str(wav), audio, RATE, subtype="PCM_16")
    return Recording(wav, sentences, len(audio) / RATE)


def chat_text(recording: Recording, bullets: bool, seed: int) -> str:
    rng = np.random.default_rng(seed)
    lines = ["@UTF8", "@Begin", "@Languages:\teng", "@Participants:\tSPK Speaker", "@ID:\teng|bench|SPK|||||Speaker|||"]
    lines.append(f"@Media:\t{recording.wav.stem}, audio")
    for words in recording.sentences:
        main = "*SPK:\t" + " ".join(w for w, _, _ in words) + " ."
        if bullets:
            start = max(0, words[0][1] + int(rng.integers(-150, 151)))
            end = words[-1][2] + int(rng.integers(-150, 151))
            main += f" \x15{start}_{end}\x15"
        lines.append(main)
    return "\n".join([*lines, "@End", ""])


def run_condition(engine: AlignEngine, recording: Recording, bullets: bool, seed: int, folder: Path) -> dict[str, float]:
    cha = folder / f"{recording.wav.stem}.cha"
    cha.write_text(chat_text(recording, bullets, seed), encoding="utf-8")
    task = FileTask(cha.name, cha, "eng", {recording.wav.name: recording.wav})
    began = time.perf_counter()
    [outcome] = engine.process([task])
    elapsed = time.perf_counter() - began
    if not isinstance(outcome, FileResult):
        raise RuntimeError(f"align failed: {outcome}")
    chat = loads(outcome.outputs[0].data.decode("utf-8"))
    onsets: list[float] = []
    offsets: list[float] = []
    missing = 0
    for utterance, truth in zip(chat.utterances, recording.sentences):
        timed = _wor_times(utterance.tier("wor") or "")
        if len(timed) != len(truth):
            missing += len(truth)
            continue
        for (_, start, end), (_, true_start, true_end) in zip(timed, truth):
            onsets.append(abs(start - true_start))
            offsets.append(abs(end - true_end))
    both = np.array(onsets + offsets)
    return {
        "words": len(onsets),
        "unaligned": missing,
        "onset_mean": float(np.mean(onsets)),
        "offset_mean": float(np.mean(offsets)),
        "onset_50": float(np.mean(np.array(onsets) <= 50)),
        "offset_50": float(np.mean(np.array(offsets) <= 50)),
        "all_50": float(np.mean(both <= 50)),
        "rtf": elapsed / recording.duration_s,
    }


def _wor_times(tier: str) -> list[tuple[str, int, int]]:
    return [(word, *times) for word, times in parse_wor(tier) if times is not None]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voice", default="en-us")
    parser.add_argument("--noise-db", type=float, default=-60.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--section", choices=("all", "synth", "real"), default="all")
    args = parser.parse_args()
    engine = AlignEngine(AlignOptions())
    if args.section != "synth":
        print_real(engine)
    if args.section != "real":
        synthesized(engine, args)


def synthesized(engine: AlignEngine, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        clean = build_recording(folder, args.voice, None, args.seed)
        noisy = build_recording(folder, args.voice, args.noise_db, args.seed)
        words = sum(len(s) for s in clean.sentences)
        print(f"{len(SENTENCES)} sentences, {words} words, {clean.duration_s:.1f} s, voice {args.voice}")
        run_condition(engine, clean, True, args.seed, folder)  # warm-up: decoders load once per worker
        header = "| condition | words | onset mean ms | offset mean ms | onset <=50 ms | offset <=50 ms | all <=50 ms | RTF |"
        print(header)
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        conditions = [
            ("bullets +/-150 ms", clean, True),
            ("no bullets (chunked, wide beams)", clean, False),
            (f"bullets, noise {args.noise_db:g} dBFS", noisy, True),
            (f"no bullets, noise {args.noise_db:g} dBFS", noisy, False),
        ]
        for name, recording, bullets in conditions:
            r = run_condition(engine, recording, bullets, args.seed, folder)
            print(
                f"| {name} | {r['words']:.0f} (+{r['unaligned']:.0f} unaligned) | {r['onset_mean']:.1f} | "
                f"{r['offset_mean']:.1f} | {r['onset_50']:.1%} | {r['offset_50']:.1%} | {r['all_50']:.1%} | {r['rtf']:.3f} |"
            )


if __name__ == "__main__":
    main()
