"""Benchmark: seconds per file of the acoustic commands' engines on the corpus recordings.

    .venv/bin/python bench/acoustic.py [--repeats 3]

Every mp3 of batchalign3's parity fixtures (English, French, Spanish,
Japanese, Cantonese, Croatian; 9-28 s each) goes through `opensmile`
(eGeMAPSv02 and ComParE_2016) and `avqi` (the clip as continuous speech, a
synthesized 3.5 s /a/ as the sustained vowel). Times are per file through
`Engine.process`, decoding included, engine already loaded; the best of the
repeats is kept per file, then the median and the worst over the files.
CPU seconds (this process) are printed beside wall seconds: on a shared
machine they are the steadier measure of what a file costs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARITY = REPO.parent / "shared/corpus/batchalign3/batchalign/tests/support/parity"
sys.path.insert(0, str(REPO))

from hotfolder.commands.audio import audio_duration_s  # noqa: E402
from hotfolder.commands.avqi.voice_quality import AvqiEngine  # noqa: E402
from hotfolder.commands.base import Engine, FileResult, FileTask, Outcome  # noqa: E402
from hotfolder.commands.opensmile.features import OpensmileEngine  # noqa: E402
from tests.commands.test_avqi_signals import vowel, write_wav  # noqa: E402


def best_seconds(run: Callable[[], list[Outcome]], repeats: int) -> tuple[float, float]:
    """(CPU, wall) seconds of the fastest of `repeats` runs."""
    times = []
    for _ in range(repeats):
        cpu, wall = time.process_time(), time.perf_counter()
        (outcome,) = run()
        times.append((time.process_time() - cpu, time.perf_counter() - wall))
        if not isinstance(outcome, FileResult):
            raise SystemExit(f"failed: {outcome}")
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    clips = sorted(PARITY.glob("*.mp3"))
    audio = sum(audio_duration_s(clip) for clip in clips)
    with tempfile.TemporaryDirectory() as scratch:
        sustained = write_wav(Path(scratch) / "v.sv.wav", vowel(3.5, 44100), 44100)
        start = time.perf_counter()
        engines: dict[str, Engine] = {
            "opensmile eGeMAPSv02": OpensmileEngine("eGeMAPSv02"),
            "opensmile ComParE_2016": OpensmileEngine("ComParE_2016"),
            "avqi": AvqiEngine(),
        }
        print(f"engines loaded in {time.perf_counter() - start:.2f} s; {len(clips)} clips, {audio:.1f} s of audio")
        print("| engine | median CPU s/file | worst CPU s/file | CPU real-time factor | median wall s/file |")
        print("|---|---:|---:|---:|---:|")
        for name, engine in engines.items():
            seconds = []
            for clip in clips:
                if name == "avqi":
                    task = FileTask(f"{clip.stem}.cs.mp3", clip, "eng", companions={f"{clip.stem}.sv.wav": sustained})
                else:
                    task = FileTask(clip.name, clip, "eng")
                seconds.append(best_seconds(partial(engine.process, [task]), args.repeats))
            cpu = [c for c, _ in seconds]
            wall = statistics.median(w for _, w in seconds)
            print(f"| {name} | {statistics.median(cpu):.2f} | {max(cpu):.2f} | {sum(cpu) / audio:.3f} | {wall:.2f} |")


if __name__ == "__main__":
    main()
