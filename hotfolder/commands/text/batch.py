"""The outline the CHAT-in, CHAT-out engines share (morphotag, utseg, translate).

A batch is every file read and planned, one engine run over all the files'
utterances together (the expensive part, so it is batched), then each file
finished on its own. A file that cannot be read, or that fails in the run,
has its outcome set in `outcomes` and is not finished; the others go on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from hotfolder.chat import ChatFile
from hotfolder.commands.base import FileTask, Outcome
from hotfolder.commands.text.reading import read_chat
from hotfolder.errors import FileFailure

Planned = TypeVar("Planned")  # what an engine keeps about one file between planning and finishing
Item = TypeVar("Item")


class BatchEngine(ABC, Generic[Planned]):
    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        files: dict[int, Planned] = {}
        for index, task in enumerate(tasks):
            read = self.read_file(task)
            if isinstance(read, FileFailure):
                outcomes[index] = read
            else:
                files[index] = self.plan_file(index, task, read)
        self.run_batch(files, outcomes)
        for index, planned in files.items():
            if index not in outcomes:
                outcomes[index] = self.finish_file(planned)
        return [outcomes[index] for index in range(len(tasks))]

    def read_file(self, task: FileTask) -> ChatFile | FileFailure:
        return read_chat(task.input_path, task.display_path)

    @abstractmethod
    def plan_file(self, index: int, task: FileTask, chat: ChatFile) -> Planned:
        """What this file gives the batch (its utterances to run), `index` naming the file."""

    @abstractmethod
    def run_batch(self, files: dict[int, Planned], outcomes: dict[int, Outcome]) -> None:
        """Run the engine over every planned file at once; a file that fails gets its outcome here."""

    @abstractmethod
    def finish_file(self, planned: Planned) -> Outcome:
        """The output (or failure) of a file that came through the run."""


def by_language(items: Iterable[Item], lang_of: Callable[[Item], str]) -> dict[str, list[Item]]:
    """Items grouped by language, each group in the items' order: one pipeline stream per language."""
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(lang_of(item), []).append(item)
    return groups
