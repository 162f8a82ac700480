"""The batch outline the text engines share: read and plan every file, one run, finish each survivor."""

from __future__ import annotations

from pathlib import Path

from hotfolder.chat import ChatFile
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.text.batch import BatchEngine, by_language
from hotfolder.errors import FailureCategory, FileFailure

CHAT = (
    "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tPAR Participant\n"
    "@ID:\teng|x|PAR|||||Participant|||\n*PAR:\t{} .\n@End\n"
)


class Counting(BatchEngine[tuple[FileTask, int]]):
    """Counts the utterances of each file in one run; a file whose utterance says `boom` fails there."""

    def __init__(self) -> None:
        self.runs: list[list[int]] = []
        self.texts: dict[int, str] = {}

    def plan_file(self, index: int, task: FileTask, chat: ChatFile) -> tuple[FileTask, int]:
        self.texts[index] = chat.utterances[0].tokens[0].text if chat.utterances[0].tokens else ""
        return task, len(chat.utterances)

    def run_batch(self, files: dict[int, tuple[FileTask, int]], outcomes: dict[int, Outcome]) -> None:
        self.runs.append(sorted(files))
        for index in files:
            if self.texts[index] == "boom":
                outcomes[index] = FileFailure("boom", FailureCategory.PROVIDER_TERMINAL)

    def finish_file(self, planned: tuple[FileTask, int]) -> Outcome:
        task, count = planned
        return FileResult([FileOutput(task.display_path, str(count).encode())], {}, {"utterances": count})


def test_unreadable_and_failing_files_fail_alone_in_order(tmp_path: Path) -> None:
    tasks = []
    inputs = [("a.cha", CHAT.format("hello")), ("missing.cha", None), ("b.cha", CHAT.format("boom")), ("c.cha", CHAT.format("bye"))]
    for name, text in inputs:
        path = tmp_path / name
        if text is not None:
            path.write_text(text)
        tasks.append(FileTask(name, path, "eng"))
    engine = Counting()
    outcomes = engine.process(tasks)
    assert engine.runs == [[0, 2, 3]]  # one run, without the file that could not be read
    assert [type(outcome).__name__ for outcome in outcomes] == ["FileResult", "FileFailure", "FileFailure", "FileResult"]
    missing, boom = outcomes[1], outcomes[2]
    assert isinstance(missing, FileFailure) and missing.category is FailureCategory.INPUT_MISSING
    assert isinstance(boom, FileFailure) and boom.message == "boom"
    first = outcomes[0]
    assert isinstance(first, FileResult) and first.outputs[0].display_path == "a.cha"


def test_groups_keep_the_items_order() -> None:
    items = [("eng", 1), ("fra", 2), ("eng", 3)]
    assert by_language(items, lambda item: item[0]) == {"eng": [("eng", 1), ("eng", 3)], "fra": [("fra", 2)]}
    assert list(by_language(items, lambda item: item[0])) == ["eng", "fra"]
