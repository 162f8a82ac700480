"""`avqi`: `X.cs.*` (continuous speech) with `X.sv.*` (sustained vowel) -> `X.avqi.txt`.

Each continuous-speech recording of a bundle is a file of the job; its
sustained vowel, in the same folder of the bundle, is a companion (a vowel
alone is not a job). The index is AVQI v03.01 (`avqi.index`, which also
describes the text layout) computed with Praat through praat-parselmouth
(`acoustic.praat_steps`). parselmouth is imported by `load`, in the worker.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hotfolder.commands.acoustic import FindSpec
from hotfolder.commands.acoustic.naming import is_continuous_speech
from hotfolder.commands.base import NoOptions
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.avqi.voice_quality import AvqiEngine


class Avqi:
    name = "avqi"
    options_model: type[BaseModel] = NoOptions
    memory_mb = 500  # measured peak 254 MB on a 26 s clip (Praat objects of 44.1 kHz audio)
    batch_size = 1

    def __init__(self, find_spec: FindSpec = importlib.util.find_spec) -> None:
        self.find_spec = find_spec

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """The continuous-speech recordings `X.cs.<ext>`; the vowels `X.sv.<ext>` are companions."""
        return [path for path in display_paths if is_continuous_speech(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable when praat-parselmouth is missing."""
        if self.find_spec("parselmouth") is None:
            raise CommandUnavailable(self.name, "praat-parselmouth is not installed: pip install praat-parselmouth")

    def load(self, lang: str, options: BaseModel) -> AvqiEngine:
        """The AVQI engine (Praat loads with the module; nothing per language)."""
        from hotfolder.commands.avqi.voice_quality import AvqiEngine

        return AvqiEngine()


COMMAND = Avqi()
