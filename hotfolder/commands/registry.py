"""Where each released command's implementation lives, imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from hotfolder.commands.base import Command

RELEASED = ("align", "transcribe", "transcribe_s", "translate", "morphotag", "coref", "utseg", "benchmark", "opensmile", "compare", "avqi")

# name -> "module:attribute"; a command missing here has no engine in this build.
BUILTIN: Mapping[str, str] = {
    "morphotag": "hotfolder.commands.morphotag:COMMAND",
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
            raise KeyError(f"no engine for command {name!r} in this build") from None
        module, _, attribute = target.partition(":")
        command: Command = getattr(importlib.import_module(module), attribute)
        return command
