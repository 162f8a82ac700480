"""A test engine that reports progress: each file holds `<utterances> <seconds each>`, counted one by one.

A third word `advance` reports through `progress.advance` (the file in hand) instead of by task index.
"""

from __future__ import annotations

import time

from pydantic import BaseModel

from hotfolder.commands import progress
from hotfolder.commands.base import Engine, FileOutput, FileResult, FileTask, Outcome
from tests.support.testengine import TestCommand


class _Counting:
    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for index, task in enumerate(tasks):
            count, each, *how = task.input_path.read_text().split()
            for done in range(1, int(count) + 1):
                time.sleep(float(each))
                if how == ["advance"]:
                    progress.advance(done, int(count))
                else:
                    progress.report(index, done, int(count))
            outcomes.append(FileResult([FileOutput(task.display_path, b"counted\n")]))
        return outcomes


class CountingCommand(TestCommand):
    name = "counting"
    batch_size = 4

    def load(self, lang: str, options: BaseModel) -> Engine:
        return _Counting()


COMMAND = CountingCommand()
