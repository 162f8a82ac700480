"""Resolves command names to their engines (from commands/table.py), imported only when used."""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from hotfolder.commands.base import Command
from hotfolder.commands.table import BUILTIN, NO_OFFLINE_ENGINE, RELEASED

__all__ = ["BUILTIN", "NO_OFFLINE_ENGINE", "RELEASED", "Registry"]


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
