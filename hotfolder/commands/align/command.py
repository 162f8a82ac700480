"""`align`: word-level forced alignment of English transcripts to their recordings.

Every `.cha` of a bundle is aligned (a `*.gold.cha` is a reference, not an
input); recordings are companions or found through the folder's media roots
(`hotfolder.commands.media`). Output: the same name, with `%wor` and
utterance bullets rewritten and every other line as it was. Files with
`@Options: NoAlign` (or `dummy`) come out unchanged except for a provenance
comment saying they were skipped, so the outbox still holds every input.

Engine: pocketsphinx 5's en-us model (in its wheel). Other languages: a
folder configured with one is refused at start (`check_available`); a file
whose @Languages lacks English fails alone (`provider_terminal`).
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.morphotag.command import is_primary
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.align.engine import AlignEngine

LANGUAGES = ("eng", "auto")  # "auto": each file's @Languages decides


class Align:
    name = "align"
    options_model: type[BaseModel] = AlignOptions
    memory_mb = 800  # the decoder (~60 MB), an hour of 16 kHz float32 audio (~230 MB), a chunk's search

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except gold references; recordings are companions."""
        return [path for path in display_paths if is_primary(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """pocketsphinx must be installed, and the folder's language English."""
        if importlib.util.find_spec("pocketsphinx") is None:
            raise CommandUnavailable(self.name, "the Python package pocketsphinx (>= 5) is not installed")
        if lang not in LANGUAGES:
            raise CommandUnavailable(
                self.name, f"pocketsphinx ships an English (en-us) acoustic model only; no aligner for {lang!r}"
            )

    def load(self, lang: str, options: BaseModel) -> AlignEngine:
        from hotfolder.commands.align.engine import AlignEngine

        if not isinstance(options, AlignOptions):
            options = AlignOptions.model_validate(options.model_dump())
        return AlignEngine(options, lang)


COMMAND = Align()
