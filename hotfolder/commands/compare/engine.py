"""The compare engine: `X.cha` scored against its companion `X.gold.cha`.

Outputs: `X.cha` with a %xcmp tier on each hypothesis utterance that has
aligned words (see projection) and `wer=` in its provenance comment, and
`X.compare.csv` beside it (see report). Words and WER are benchmark's
(transcribe.scoring): every spoken word of every speaker, in file order, lowercased.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any

from hotfolder.chat import ChatError, ChatFile, Utterance, dumps
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.compare.projection import TIER, owners, tiers
from hotfolder.commands.compare.report import compare_csv
from hotfolder.commands.text.reading import read_chat, utc_now
from hotfolder.commands.transcribe.scoring import Score, gold_words, score
from hotfolder.errors import FailureCategory, FileFailure

COMMAND_NAME = "compare"


def gold_name(display_path: str) -> str:
    """`PWA/x.cha` -> `PWA/x.gold.cha`."""
    return str(PurePosixPath(display_path).with_suffix(".gold.cha"))


def find_gold(task: FileTask) -> tuple[str, Path] | FileFailure:
    wanted = gold_name(task.display_path)
    for display, path in task.companions.items():
        if display.lower() == wanted.lower():
            return display, path
    needed = PurePosixPath(wanted).name
    message = f"no gold transcript for {task.display_path}: compare needs {needed} beside it in the drop"
    return FileFailure(message, FailureCategory.INPUT_MISSING)


class CompareEngine:
    def __init__(self, clock: Callable[[], datetime] = utc_now) -> None:
        self.clock = clock
        self.jiwer_version = version("jiwer")

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return [self._one(task) for task in tasks]

    def _one(self, task: FileTask) -> Outcome:
        found = find_gold(task)
        if isinstance(found, FileFailure):
            return found
        name, path = found
        gold = read_chat(path, name)
        hypothesis = read_chat(task.input_path, task.display_path)
        if isinstance(gold, FileFailure):
            return gold
        if isinstance(hypothesis, FileFailure):
            return hypothesis
        reference = gold_words(gold)
        if not reference:
            return FileFailure(f"gold {name} has no spoken words to score against", FailureCategory.VALIDATION)
        by_line = {utterance.line: (number, utterance) for number, utterance in enumerate(hypothesis.utterances, 1)}
        result = score(reference, gold_words(hypothesis))
        try:
            self._annotate(hypothesis, result, by_line, PurePosixPath(name).name)
        except ChatError as exc:
            message = f"compare produced a tier CHAT cannot hold: {exc.message}"
            return FileFailure(message, FailureCategory.VALIDATION, line=exc.line)
        table = compare_csv(result, owners(result.rows), {line: (n, u.speaker) for line, (n, u) in by_line.items()})
        csv_name = str(PurePosixPath(task.display_path).with_suffix(".compare.csv"))
        outputs = [
            FileOutput(task.display_path, dumps(hypothesis).encode("utf-8")),
            FileOutput(csv_name, table.encode("utf-8")),
        ]
        return FileResult(outputs, {"jiwer": self.jiwer_version}, notes(result, name))

    def _annotate(self, chat: ChatFile, result: Score, by_line: dict[int, tuple[int, Utterance]], gold: str) -> None:
        contents = tiers(result.rows)
        for line, (_, utterance) in by_line.items():  # lines are read before any tier moves them
            content = contents.get(line)
            if content is None:
                utterance.remove_tier(TIER)  # an earlier comparison's tier would be stale
            else:
                utterance.set_tier(TIER, content)
        chat.set_provenance(COMMAND_NAME, {"engine": "jiwer", "gold": gold, "wer": f"{result.wer:.4f}"}, self.clock())


def notes(result: Score, gold: str) -> dict[str, Any]:
    return {
        "gold": gold,
        "wer": round(result.wer, 4),
        "gold_words": result.gold_words,
        "hypothesis_words": result.hypothesis_words,
        "match": result.hits,
        "substitution": result.substitutions,
        "deletion": result.deletions,
        "insertion": result.insertions,
    }
