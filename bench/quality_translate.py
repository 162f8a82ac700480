"""translate isolation on real transcripts: does the batched %xtra equal the utterance translated alone?

Every English transcript of the corpus (not the deliberately broken
`testchat/bad` files) goes through the real translate engine with apertium
eng-spa, in batches of the command's batch size as the daemon sends them. Then
each utterance that got a %xtra is translated again on its own, one apertium
call for it alone, and the two tiers are compared: an utterance that differs got
words or context from a neighbour. Also timed, as utterances per second: the
batched run (best and median of `--repeats` rounds, the translators measured
taking turns in each round) and the one-call-per-utterance run.

`--baseline FILE` also measures another copy of `hotfolder/commands/translate/apertium.py`
(its `Apertium` class in the current engine) side by side in the same run, e.g.
the code before isolation:

    git show 3f4958a:hotfolder/commands/translate/apertium.py > /tmp/apertium_before.py
    .venv/bin/python bench/quality_translate.py [--corpus ../shared/corpus] [--baseline /tmp/apertium_before.py]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from hotfolder.chat import Utterance, loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.translate.apertium import Apertium
from hotfolder.commands.translate.command import COMMAND
from hotfolder.commands.translate.engine import TIER, TranslateEngine, Translator
from hotfolder.commands.translate.lines import clean, source_line, xtra

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
MODE = "eng-spa"
EXAMPLES = 8
T = TypeVar("T")


def english_files(corpus: Path) -> list[Path]:
    """The corpus transcripts whose first language is English (broken conformance files left out)."""
    found = []
    for path in sorted(corpus.rglob("*.cha")):
        if "bad" in path.relative_to(corpus).parts:
            continue
        langs = re.search(r"^@Languages:\t(.*)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
        if langs and langs.group(1).split(",")[0].strip() == "eng":
            found.append(path)
    return found


def _flat(tier: str | None) -> str | None:
    return None if tier is None else " ".join(tier.split())  # long tiers come back wrapped


def batched(files: list[Path], corpus: Path, translator: Translator) -> tuple[list[tuple[str, Utterance]], int]:
    """(utterance key, %xtra) per utterance of every translated file; how many files failed."""
    engine = TranslateEngine("eng", translator, {}, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    tiers: list[tuple[str, Utterance]] = []
    failed = 0
    for start in range(0, len(files), COMMAND.batch_size):
        chunk = files[start : start + COMMAND.batch_size]
        tasks = [FileTask(str(path.relative_to(corpus)), path, "eng") for path in chunk]
        for task, outcome in zip(tasks, engine.process(tasks), strict=True):
            if not isinstance(outcome, FileResult):
                failed += 1
                continue
            for utterance in loads(outcome.outputs[0].data.decode("utf-8")).utterances:
                tiers.append((f"{task.display_path}:{utterance.line}", utterance))
    return tiers, failed


def alone(translator: Translator, utterance: Utterance) -> str | None:
    """The %xtra the engine writes for this utterance translated in a call of its own."""
    line = source_line(utterance)
    if line is None:
        return None
    return xtra(clean(translator.translate([line])[0])[0], utterance.terminator)


def _timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def isolation(corpus: Path, translator: Translator) -> dict[str, object]:
    """How many utterances' batched %xtra differs from the utterance translated alone."""
    files = english_files(corpus)
    tiers, failed = batched(files, corpus, translator)
    utterances = [(key, _flat(u.tier(TIER)), u) for key, u in tiers if u.tier(TIER) is not None]
    alone_tiers, alone_s = _timed(lambda: [alone(translator, u) for _, _, u in utterances])
    pairs = [(key, tier, mine) for (key, tier, _), mine in zip(utterances, alone_tiers, strict=True)]
    differing = [(key, tier, mine) for key, tier, mine in pairs if tier != mine]
    # Beyond letter case: a word changed, moved in or out (not only "bueno" for "Bueno" at the start).
    beyond_case = [row for row in differing if (row[1] or "").casefold() != (row[2] or "").casefold()]
    shown = beyond_case or differing
    return {
        "files": len(files),
        "files_failed": failed,
        "utterances": len(utterances),
        "differs": len(differing),
        "differs_beyond_case": len(beyond_case),
        "alone_s": round(alone_s, 3),
        "alone_utterances_per_s": round(len(utterances) / alone_s, 1) if alone_s else None,
        "examples": [{"utterance": k, "batched": b, "alone": a} for k, b, a in shown[:EXAMPLES]],
    }


def batched_timing(corpus: Path, translators: list[Translator], repeats: int) -> list[dict[str, object]]:
    """Batched runs over the corpus, the translators taking turns each round (same machine load)."""
    files = english_files(corpus)
    seconds: list[list[float]] = [[] for _ in translators]
    counts = [0] * len(translators)
    for _ in range(max(1, repeats)):
        for index, translator in enumerate(translators):
            (tiers, _), took = _timed(partial(batched, files, corpus, translator))
            seconds[index].append(took)
            counts[index] = sum(u.tier(TIER) is not None for _, u in tiers)
    rows = []
    for count, times in zip(counts, seconds, strict=True):
        best, median = min(times), statistics.median(times)
        rows.append(
            {
                "batched_s": round(best, 3),
                "batched_median_s": round(median, 3),
                "batched_utterances_per_s": round(count / best, 1),
                "batched_median_utterances_per_s": round(count / median, 1),
            }
        )
    return rows


def load_baseline(path: Path) -> type[Translator]:
    """The `Apertium` class of another copy of hotfolder/commands/translate/apertium.py."""
    spec = importlib.util.spec_from_file_location("baseline_apertium", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Apertium  # type: ignore[no-any-return]


def run(corpus: Path = DEFAULT_CORPUS, baseline: Path | None = None, repeats: int = 5) -> dict[str, object]:
    """The current translator's figures; with `baseline`, that copy's under "before", side by side."""
    translators: list[Translator] = [Apertium(MODE)]
    if baseline is not None:
        translators.insert(0, load_baseline(baseline)(MODE))
    rows = [isolation(corpus, translator) for translator in translators]
    for row, timing in zip(rows, batched_timing(corpus, translators, repeats), strict=True):
        row |= timing
    return rows[-1] | {"before": rows[0]} if baseline is not None else rows[-1]


def _print(label: str, row: dict[str, object]) -> None:
    print(
        f"{label:8} files {row['files']} (failed {row['files_failed']})  utterances {row['utterances']}  "
        f"differs {row['differs']} ({row['differs_beyond_case']} beyond case)  "
        f"batched {row['batched_s']} s = {row['batched_utterances_per_s']} utt/s  "
        f"(median {row['batched_median_s']} s = {row['batched_median_utterances_per_s']} utt/s)  "
        f"alone {row['alone_s']} s = {row['alone_utterances_per_s']} utt/s"
    )
    for example in row["examples"]:  # type: ignore[attr-defined]
        print(f"    {example['utterance']}\n      batched: {example['batched']}\n      alone:   {example['alone']}")


def main(argv: list[str] | None = None) -> int:
    """Print the isolation count and timings (before and after with --baseline)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--baseline", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.baseline, args.repeats)
    if result.get("before"):
        _print("before", result["before"])  # type: ignore[arg-type]
    _print("now", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
