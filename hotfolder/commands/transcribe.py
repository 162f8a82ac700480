"""`transcribe`: a recording -> a new `<stem>.cha` with bulleted utterances and %wor.

Inputs are the bundle's recordings (wav mp3 flac ogg m4a mp4); one per stem
(`x.wav` wins over `x.mp3`, in MEDIA_EXTENSIONS order) since both would
write `x.cha`. The transcript is `<stem>.cha` beside the recording's display
path: `@Languages` is the folder's language (whisper's detected one for
`auto`), one speaker PAR, `@Media: <stem>, audio`, and a provenance comment
`[hf transcribe | engine=... ; model=... ; lang=... ; speakers=1 | time]`.

Engines and options: hotfolder/commands/asr/options.py. The engine modules
(faster-whisper, pocketsphinx) are imported only by `load`, in the worker.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hotfolder.chat import to_bytes
from hotfolder.commands.asr.choice import check, load_recognizer, probe
from hotfolder.commands.asr.options import AsrOptions, as_asr_options
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.media import MEDIA_EXTENSIONS, is_media, recording_input
from hotfolder.errors import FileFailure

if TYPE_CHECKING:
    from hotfolder.commands.asr.pipeline import Transcriber

NAME = "transcribe"


def one_per_stem(display_paths: list[str]) -> list[str]:
    """The recordings of a bundle, one per folder and stem, in bundle order."""
    best: dict[str, str] = {}
    for path in display_paths:
        if not is_media(path):
            continue
        key = str(PurePosixPath(path).with_suffix("")).lower()
        if key not in best or _rank(path) < _rank(best[key]):
            best[key] = path
    chosen = set(best.values())
    return [path for path in display_paths if path in chosen]


def _rank(display_path: str) -> int:
    return MEDIA_EXTENSIONS.index(PurePosixPath(display_path).suffix[1:].lower())


def transcript_path(display_path: str) -> str:
    return str(PurePosixPath(display_path).with_suffix(".cha"))


class TranscribeEngine:
    def __init__(self, transcriber: Transcriber) -> None:
        self.transcriber = transcriber

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return [self._one(task) for task in tasks]

    def _one(self, task: FileTask) -> Outcome:
        try:
            recording = recording_input(task)
            stem = PurePosixPath(task.display_path).stem
            transcript = self.transcriber.transcribe(recording, stem, task.lang, NAME)
        except FileFailure as failure:
            return failure
        output = FileOutput(transcript_path(task.display_path), to_bytes(transcript.chat))
        return FileResult([output], dict(self.transcriber.recognizer.versions), self.transcriber.notes(transcript))


class Transcribe:
    name = NAME
    options_model: type[BaseModel] = AsrOptions
    memory_mb = 1500  # whisper-base int8 with a long recording decoded in memory

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        return one_per_stem(display_paths)

    def check_available(self, lang: str, options: BaseModel) -> None:
        check(self.name, lang, as_asr_options(options), probe())

    def load(self, lang: str, options: BaseModel) -> TranscribeEngine:
        from hotfolder.commands.asr.pipeline import Transcriber

        asr_options = as_asr_options(options)
        return TranscribeEngine(Transcriber(load_recognizer(self.name, lang, asr_options, probe()), asr_options))


COMMAND = Transcribe()
