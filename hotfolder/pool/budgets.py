"""What one worker may take, per worker key: its command's budget for that language and those options.

The memory gate admits workers by a budget key, the text form of their
`WorkerKey` (`morphotag:jpn`, `transcribe:eng:{"model_dir": ...}`): a command
may declare a budget per language or per options (`memory_budget_mb`), e.g.
morphotag from its language table (Japanese 1000 MB, German 400 MB) and
transcribe from the size of a whisper model directory, instead of one figure
for every worker of the command. Peaks are learned per key the same way. A
bare command name (the Temporal executor's units, peaks recorded before keys
were) gets the command's own `memory_mb`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from hotfolder.commands.base import Command
from hotfolder.commands.registry import Registry
from hotfolder.pool.units import WorkerKey


@runtime_checkable
class BudgetsPerKey(Protocol):
    """A command whose workers' budget depends on their language or options."""

    def memory_budget_mb(self, lang: str, options: Mapping[str, Any]) -> int: ...


def budget_key(key: WorkerKey) -> str:
    return str(key)


def parse_budget_key(text: str) -> tuple[str, str | None, dict[str, Any]]:
    """(command, lang or None, options) of a budget key; a bare command name has neither."""
    command, _, rest = text.partition(":")
    if not rest:
        return command, None, {}
    lang, _, options = rest.partition(":")
    try:
        parsed = json.loads(options) if options else {}
    except json.JSONDecodeError:
        parsed = {}
    return command, lang, parsed if isinstance(parsed, dict) else {}


def declared_budget_mb(command: Command, lang: str | None, options: Mapping[str, Any]) -> int:
    if lang is not None and isinstance(command, BudgetsPerKey):
        return command.memory_budget_mb(lang, options)
    return command.memory_mb


def base_budgets(registry: Registry) -> Callable[[str], float]:
    """The gate's `base_budgets`: budget key -> the declared MB of one such worker. Worked out once
    per key: the gate asks on every dispatch for every live worker, and a `model_dir` budget is a stat."""

    @lru_cache(maxsize=256)
    def base(text: str) -> float:
        name, lang, options = parse_budget_key(text)
        return float(declared_budget_mb(registry.get(name), lang, options))

    return base
