"""`transcribe`: a recording -> a new `<stem>.cha` with bulleted utterances and %wor.

Inputs are the bundle's recordings (wav mp3 flac ogg m4a mp4); one per stem
(`x.wav` wins over `x.mp3`, in MEDIA_EXTENSIONS order) since both would
write `x.cha`. The transcript is `<stem>.cha` beside the recording's display
path: `@Languages` is the folder's language (whisper's detected one for
`auto`), one speaker PAR, `@Media: <stem>, audio`, and a provenance comment
`[hf transcribe | engine=... ; model=... ; lang=... ; speakers=1 | time]`.

Engines and options: hotfolder/commands/transcribe/options.py. The engine modules
(faster-whisper, pocketsphinx) are imported only by `load`, in the worker.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from hotfolder.chat import to_bytes
from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.commands.media import MEDIA_EXTENSIONS, is_media, recording_input
from hotfolder.commands.transcribe.base import AsrCommand, AsrEngine

NAME = "transcribe"


def stem_key(display_path: str) -> str:
    """Folder and stem, case-folded: `PWA/X.WAV` and `PWA/x.cha` share `pwa/x`."""
    return str(PurePosixPath(display_path).with_suffix("")).lower()


def one_per_stem(display_paths: list[str]) -> list[str]:
    """The recordings of a bundle, one per folder and stem, in bundle order."""
    best: dict[str, str] = {}
    for path in display_paths:
        if not is_media(path):
            continue
        key = stem_key(path)
        if key not in best or _rank(path) < _rank(best[key]):
            best[key] = path
    chosen = set(best.values())
    return [path for path in display_paths if path in chosen]


def _rank(display_path: str) -> int:
    return MEDIA_EXTENSIONS.index(PurePosixPath(display_path).suffix[1:].lower())


def transcript_path(display_path: str) -> str:
    return str(PurePosixPath(display_path).with_suffix(".cha"))


class TranscribeEngine(AsrEngine):
    def one(self, task: FileTask) -> FileResult:
        recording = recording_input(task)
        stem = PurePosixPath(task.display_path).stem
        transcript = self.transcriber.transcribe(recording, stem, task.lang, NAME)
        output = FileOutput(transcript_path(task.display_path), to_bytes(transcript.chat))
        return FileResult([output], dict(self.transcriber.recognizer.versions), self.transcriber.notes(transcript))


class Transcribe(AsrCommand):
    name = NAME
    engine_type = TranscribeEngine

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        return one_per_stem(display_paths)


COMMAND = Transcribe()
