"""Where each released command's implementation lives, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from hotfolder.commands.base import Command

RELEASED = ("align", "transcribe", "transcribe_s", "translate", "morphotag", "coref", "utseg", "benchmark", "opensmile", "compare", "avqi")

# name -> "module:attribute"; a command missing here has no engine in this build.
BUILTIN: Mapping[str, str] = {
    "morphotag": "hotfolder.commands.morphotag.command:COMMAND",
    "align": "hotfolder.commands.align.command:COMMAND",
    "transcribe": "hotfolder.commands.transcribe.command:COMMAND",
    "benchmark": "hotfolder.commands.benchmark.command:COMMAND",
    "utseg": "hotfolder.commands.utseg.command:COMMAND",
    "translate": "hotfolder.commands.translate.command:COMMAND",
    "compare": "hotfolder.commands.compare.command:COMMAND",
    "opensmile": "hotfolder.commands.opensmile.command:COMMAND",
    "avqi": "hotfolder.commands.avqi.command:COMMAND",
}

# Released commands with no engine that runs offline here, and what is missing.
NO_OFFLINE_ENGINE: Mapping[str, str] = {
    "coref": "coreference needs coreferee or fastcoref, whose models download at run time; no offline engine is installed",
    "transcribe_s": "speaker diarization needs pyannote or NeMo models that download at run time; no offline engine is installed",
}


class Registry:
    """Resolves command names to `Command` objects; picklable so workers get the same view."""

    def __init__(self, entries: Mapping[str, str] = BUILTIN) -> None:
        self.entries = dict(entries)

    def names(self) -> list[str]:
        return sorted(self.entries)

    def get(self, name: str) -> Command:
        try:
            target = self.entries[name]
        except KeyError:
            reason = NO_OFFLINE_ENGINE.get(name, "no engine for it in this build")
            raise KeyError(f"{name}: {reason}") from None
        module, _, attribute = target.partition(":")
        command: Command = getattr(importlib.import_module(module), attribute)
        return command
