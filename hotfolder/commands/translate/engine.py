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
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from hotfolder.chat import ChatError, ChatFile, Utterance, dumps
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.text.batch import BatchEngine
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.commands.text.reading import read_chat, utc_now
from hotfolder.commands.translate.lines import clean, source_line, xtra
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


@dataclass
class _File:
    task: FileTask
    chat: ChatFile
    lines: list[Line] = field(default_factory=list)
    empty: list[Utterance] = field(default_factory=list)  # nothing to translate, or nothing came back
    other: int = 0  # utterances marked as another language, left as they are
    translated: int = 0
    unknown: int = 0  # words apertium did not know


class TranslateEngine(BatchEngine[_File]):
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

    def read_file(self, task: FileTask) -> ChatFile | FileFailure:
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

    def plan_file(self, index: int, task: FileTask, chat: ChatFile) -> _File:
        entry = _File(task, chat)
        for utterance in chat.utterances:
            if utterance.language not in (None, self.source):
                entry.other += 1
                continue
            text = source_line(utterance)
            if text is None:
                entry.empty.append(utterance)
            else:
                entry.lines.append(Line(index, utterance, text))
        return entry

    def run_batch(self, files: dict[int, _File], outcomes: dict[int, Outcome]) -> None:
        lines = [line for entry in files.values() for line in entry.lines]
        translated = per_file_fallback(
            lambda group: self.translator.translate([line.text for line in group]),
            lines,
            lambda line: line.file,
            outcomes,
            "apertium",
        )
        for line, result in zip(lines, translated, strict=True):
            if result is None or line.file in outcomes:
                continue
            entry = files[line.file]
            text, unknown = clean(result)
            content = xtra(text, line.utterance.terminator)
            if content is None:
                entry.empty.append(line.utterance)
                continue
            try:
                line.utterance.set_tier(TIER, content)
            except ChatError as exc:
                message = f"translation CHAT cannot hold: {exc.message}"
                outcomes[line.file] = FileFailure(message, FailureCategory.VALIDATION, line=exc.line)
                continue
            entry.translated += 1
            entry.unknown += unknown

    def finish_file(self, entry: _File) -> Outcome:
        for utterance in entry.empty:
            utterance.remove_tier(TIER)
        notes: dict[str, int | str] = {"pair": self.translator.mode}
        notes |= {"utterances_translated": entry.translated, "utterances_skipped": len(entry.empty)}
        notes["unknown_words"] = entry.unknown
        if entry.other:
            notes["utterances_other_language"] = entry.other
        chat = entry.chat
        chat.set_provenance(COMMAND_NAME, {"engine": "apertium", "pair": self.translator.mode}, self.clock())
        output = FileOutput(entry.task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], dict(self.versions), notes)
