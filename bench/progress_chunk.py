"""Benchmark: what reporting progress costs the text engines (issue 14).

    .venv/bin/python bench/progress_chunk.py [--utterances 4000] [--rounds 5]

A batch that reports progress runs its engine PROGRESS_CHUNK utterances at a time
instead of in one call. One run times the same constructed English transcript
(no corpus text) through morphotag's, utseg's and translate's engines, loaded once, with chunk
0 (one call: no progress) and the shipped chunk (translate: eng -> spa through
apertium, one apertium run per call), alternating rounds so both see
the same machine state; prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path

from hotfolder.commands import progress
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.commands.text import batching

SENTENCES = (
    "the dog ran to the park", "I want some more juice", "she is reading a big book", "we went home after lunch",
    "can you see the red ball", "my brother likes to play outside", "they are eating apples", "where did the cat go",
)


def transcript(utterances: int) -> str:
    head = ("@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child, MOT Mother\n"
            "@ID:\teng|bench|CHI|||||Target_Child|||\n@ID:\teng|bench|MOT|||||Mother|||\n")
    body = "".join(f"*{'CHI' if i % 2 else 'MOT'}:\t{SENTENCES[i % len(SENTENCES)]} .\n" for i in range(utterances))
    return head + body + "@End\n"


def count(reports: dict[int, int], chunk: int, index: int, current: int, total: int) -> None:
    reports[chunk] += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--utterances", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    shipped = batching.PROGRESS_CHUNK
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.cha"
        path.write_text(transcript(args.utterances))
        task = FileTask("bench.cha", path, "eng")
        for name, options in (("morphotag", {}), ("utseg", {}), ("translate", {"target": "spa"})):
            command = Registry().get(name)
            engine = command.load("eng", command.options_model.model_validate(options))
            engine.process([task])  # warm: caches, first-call costs
            times: dict[int, list[float]] = {0: [], shipped: []}
            reports: dict[int, int] = {}
            for _ in range(args.rounds):
                for chunk in (0, shipped):
                    batching.PROGRESS_CHUNK = chunk
                    reports[chunk] = 0
                    start = time.perf_counter()
                    with progress.listening(partial(count, reports, chunk)):
                        (outcome,) = engine.process([task])
                    times[chunk].append(time.perf_counter() - start)
                    assert isinstance(outcome, FileResult), outcome
            batching.PROGRESS_CHUNK = shipped
            one, chunked = statistics.median(times[0]), statistics.median(times[shipped])
            print(f"{name}: {args.utterances} utterances, one call {one:.2f} s ({args.utterances / one:.0f} utt/s), "
                  f"chunk {shipped} {chunked:.2f} s ({reports[shipped]} reports), ratio {chunked / one:.3f}")


if __name__ == "__main__":
    main()
