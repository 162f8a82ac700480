"""The translate engine: CHAT files in, the same files with a %xtra tier per utterance out.

All utterances of a batch go to apertium in one call, each translated as if it
were alone (see apertium.py). An utterance with nothing to translate (`xxx`,
`0`, only fillers or events) gets no %xtra (a stale one is removed) and is
counted in the receipt as `utterances_skipped`. An utterance marked as another
language (`[- spa]` in an English file) is left as it is; a file whose
@Languages starts with another language than the mode's source fails, naming
both: translating it with this mode would be nonsense.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from hotfolder.chat import ChatError, ChatFile, Utterance, dumps
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.translate.lines import clean, source_line, xtra
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.commands.text.reading import read_chat, utc_now
from hotfolder.errors import FailureCategory, FileFailure

COMMAND_NAME = "translate"
TIER = "xtra"


class Translator(Protocol):
    mode: str

    def translate(self, lines: list[str]) -> list[str]: ...


@dataclass(frozen=True)
class Line:
    file: int
    utterance: Utterance
    text: str


class TranslateEngine:
    """Translates batches of CHAT files with one apertium mode."""

    def __init__(
        self,
        source: str,
        translator: Translator,
        versions: dict[str, str],
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.source = source
        self.translator = translator
        self.versions = versions
        self.clock = clock

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        outcomes: dict[int, Outcome] = {}
        files: dict[int, ChatFile] = {}
        lines: list[Line] = []
        other: dict[int, int] = {}
        empty: dict[int, list[Utterance]] = {}  # nothing to translate, or nothing came back
        for index, task in enumerate(tasks):
            read = self._read(task)
            if isinstance(read, FileFailure):
                outcomes[index] = read
                continue
            files[index] = read
            empty[index] = []
            for utterance in read.utterances:
                if utterance.language not in (None, self.source):
                    other[index] = other.get(index, 0) + 1
                    continue
                text = source_line(utterance)
                if text is None:
                    empty[index].append(utterance)
                else:
                    lines.append(Line(index, utterance, text))
        translated = per_file_fallback(
            lambda group: self.translator.translate([line.text for line in group]),
            lines,
            lambda line: line.file,
            outcomes,
            "apertium",
        )
        counts: dict[int, list[int]] = {index: [0, 0] for index in files}  # translated, unknown words
        for line, result in zip(lines, translated, strict=True):
            if result is None or line.file in outcomes:
                continue
            text, unknown = clean(result)
            content = xtra(text, line.utterance.terminator)
            if content is None:
                empty[line.file].append(line.utterance)
                continue
            try:
                line.utterance.set_tier(TIER, content)
            except ChatError as exc:
                message = f"translation CHAT cannot hold: {exc.message}"
                outcomes[line.file] = FileFailure(message, FailureCategory.VALIDATION, line=exc.line)
                continue
            counts[line.file][0] += 1
            counts[line.file][1] += unknown
        for index, chat in files.items():
            if index not in outcomes:
                for utterance in empty[index]:
                    utterance.remove_tier(TIER)
                done, unknown = counts[index]
                notes: dict[str, int | str] = {"pair": self.translator.mode}
                notes |= {"utterances_translated": done, "utterances_skipped": len(empty[index])}
                notes["unknown_words"] = unknown
                if other.get(index):
                    notes["utterances_other_language"] = other[index]
                outcomes[index] = self._finish(tasks[index], chat, notes)
        return [outcomes[index] for index in range(len(tasks))]

    def _read(self, task: FileTask) -> ChatFile | FileFailure:
        read = read_chat(task.input_path, task.display_path)
        if isinstance(read, FileFailure):
            return read
        languages = read.languages
        if languages and languages[0] != self.source:
            message = (
                f"{task.display_path} is in {languages[0]!r} (@Languages), "
                f"but this folder translates from {self.source!r} with apertium {self.translator.mode}"
            )
            return FileFailure(message, FailureCategory.VALIDATION)
        return read

    def _finish(self, task: FileTask, chat: ChatFile, notes: dict[str, int | str]) -> Outcome:
        chat.set_provenance(COMMAND_NAME, {"engine": "apertium", "pair": self.translator.mode}, self.clock())
        output = FileOutput(task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], dict(self.versions), dict(notes))
