"""`benchmark`: transcribe a recording and score it against its gold `<stem>.cha`.

A bundle pairs recordings and gold transcripts by folder and stem. Each pair
is one input: the recording when the bundle has it (`x.wav` + gold `x.cha`),
else the gold `x.cha`, whose recording is then searched like align's (the
folder's media_mapping, then media_roots). A recording without its gold, or a
gold without a recording, fails with `input_missing`.

Outputs beside the input, named as batchalign3 names them: the hypothesis
transcript `<stem>.cha` (the gold is an input, not an output: nothing in the
outbox is overwritten) with `wer=` in its provenance comment, and
`<stem>.compare.csv` (scoring.CSV_COLUMNS: one row per aligned word, op in
match/substitution/deletion/insertion). The receipt gets `wer` and the counts.
The language is the gold's first `@Languages` entry, else the folder's.
Word normalisation for scoring: hotfolder/commands/transcribe/scoring.py.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hotfolder.chat import ChatFile, to_bytes
from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.commands.media import find_media, is_media
from hotfolder.commands.text.reading import read_chat
from hotfolder.commands.transcribe.base import AsrCommand, AsrEngine
from hotfolder.commands.transcribe.choice import language_problem
from hotfolder.commands.transcribe.command import one_per_stem, stem_key
from hotfolder.commands.transcribe.scoring import Score, compare_csv, gold_words, hypothesis_words, score
from hotfolder.errors import CommandUnavailable, FailureCategory, FileFailure

if TYPE_CHECKING:
    from hotfolder.commands.transcribe.pipeline import Transcript

NAME = "benchmark"


GOLD_SUFFIXES = (".cha", ".gold.cha")  # `x.cha` as batchalign3 names it; `x.gold.cha` as compare does


def gold_stem(display_path: str) -> str | None:
    """Folder and stem a gold transcript pairs by (`PWA/x` for `PWA/x.gold.cha`); None for other files."""
    lowered = display_path.lower()
    for suffix in reversed(GOLD_SUFFIXES):  # the longer one first
        if lowered.endswith(suffix):
            return display_path[: -len(suffix)]
    return None


def benchmark_inputs(display_paths: list[str]) -> list[str]:
    """One input per folder and stem: the recording, else the gold transcript."""
    recordings = set(one_per_stem(display_paths))
    covered = {stem_key(path) for path in recordings}
    golds: dict[str, str] = {}
    for path in display_paths:
        stem = gold_stem(path)
        if stem is not None and stem.lower() not in covered:
            golds.setdefault(stem.lower(), path)
    chosen = recordings | set(golds.values())
    return [path for path in display_paths if path in chosen]


@dataclass(frozen=True)
class Pair:
    stem: str  # display folder and stem the outputs are named by: "PWA/x"
    recording: Path
    media_name: str  # the recording's stem, for @Media
    gold: ChatFile
    gold_name: str  # display path of the gold transcript


def gold_companion(task: FileTask) -> tuple[str, Path]:
    """The gold `<stem>.cha` (or `<stem>.gold.cha`) beside a recording; FileFailure(input_missing) without."""
    by_lower = {display.lower(): (display, path) for display, path in task.companions.items()}
    stem = stem_key(task.display_path)
    for suffix in GOLD_SUFFIXES:
        if stem + suffix in by_lower:
            return by_lower[stem + suffix]
    name = PurePosixPath(task.display_path).stem
    raise FileFailure(
        f"no gold transcript for {task.display_path}: benchmark needs {name}.cha beside it in the drop",
        FailureCategory.INPUT_MISSING,
    )


def read_gold(path: Path, display_path: str) -> ChatFile:
    read = read_chat(path, display_path)
    if isinstance(read, FileFailure):
        raise read
    return read


def pair_of(task: FileTask) -> Pair:
    if is_media(task.display_path):
        gold_name, gold_path = gold_companion(task)
        stem = str(PurePosixPath(task.display_path).with_suffix(""))
        return Pair(stem, task.input_path, PurePosixPath(stem).name, read_gold(gold_path, gold_name), gold_name)
    gold = read_gold(task.input_path, task.display_path)
    stem = gold_stem(task.display_path) or task.display_path
    recording = find_media(task, gold.media.filename if gold.media else PurePosixPath(stem).name)
    return Pair(stem, recording, recording.stem, gold, task.display_path)


class BenchmarkEngine(AsrEngine):
    def one(self, task: FileTask) -> FileResult:
        pair = pair_of(task)
        gold = gold_words(pair.gold)
        if not gold:
            raise FileFailure(f"gold {pair.gold_name} has no spoken words to score against", FailureCategory.VALIDATION)
        lang = pair.gold.languages[0] if pair.gold.languages else task.lang
        problem = language_problem(self.transcriber.recognizer.engine, lang)
        if problem is not None:
            raise FileFailure(f"{pair.gold_name}: {problem}", FailureCategory.PROVIDER_TERMINAL)
        transcript = self.transcriber.transcribe(pair.recording, pair.media_name, lang, NAME)
        return self._scored(pair, transcript, score(gold, hypothesis_words(transcript.utterances)))

    def _scored(self, pair: Pair, transcript: Transcript, result: Score) -> FileResult:
        fields = {**transcript.fields, "wer": f"{result.wer:.3f}"}
        transcript.chat.set_provenance(NAME, fields, self.transcriber.clock())
        outputs = [
            FileOutput(f"{pair.stem}.cha", to_bytes(transcript.chat)),
            FileOutput(f"{pair.stem}.compare.csv", compare_csv(result.rows).encode("utf-8")),
        ]
        notes: dict[str, Any] = {
            **self.transcriber.notes(transcript),
            "gold": pair.gold_name,
            "wer": result.wer,
            "gold_words": result.gold_words,
            "hypothesis_words": result.hypothesis_words,
            "hits": result.hits,
            "substitutions": result.substitutions,
            "deletions": result.deletions,
            "insertions": result.insertions,
        }
        versions = {**self.transcriber.recognizer.versions, "jiwer": version("jiwer")}
        return FileResult(outputs, versions, notes)


class Benchmark(AsrCommand):
    name = NAME
    engine_type = BenchmarkEngine

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        return benchmark_inputs(display_paths)

    def check_available(self, lang: str, options: BaseModel) -> None:
        if importlib.util.find_spec("jiwer") is None:
            raise CommandUnavailable(self.name, "jiwer is not installed: pip install jiwer==4.0.0")
        super().check_available(lang, options)


COMMAND = Benchmark()
