"""What travels between the daemon and an executor: work units and their events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hotfolder.commands.base import FileTask, Outcome
from hotfolder.errors import FailureCategory


@dataclass(frozen=True, order=True)
class WorkerKey:
    """Workers are reused only for the same command, language and engine options."""

    command: str
    lang: str
    options_json: str = "{}"

    @classmethod
    def of(cls, command: str, lang: str, options: Mapping[str, Any]) -> WorkerKey:
        """The one way to build a key from settings: options as canonical JSON, so equal options share workers."""
        return cls(command, lang, json.dumps(dict(options), sort_keys=True))

    def __str__(self) -> str:
        return f"{self.command}:{self.lang}" + ("" if self.options_json == "{}" else f":{self.options_json}")


@dataclass(frozen=True)
class WorkUnit:
    id: str
    key: WorkerKey
    tasks: tuple[FileTask, ...]
    file_ids: tuple[int, ...]  # ledger ids, parallel to tasks
    timeout_s: float  # for each file, from when the worker reports starting it (not for the whole unit)


@dataclass(frozen=True)
class UnitStarted:
    unit_id: str
    worker_pid: int


@dataclass(frozen=True)
class UnitFinished:
    unit_id: str
    outcomes: list[Outcome]
    peak_rss_mb: float | None = None
    tracebacks: dict[int, str] = field(default_factory=dict)  # task index -> unexpected error


@dataclass(frozen=True)
class UnitFailed:
    """The unit did not finish: crash, timeout, engine that will not load.

    Files finished before the failure keep their outcome (`done`); the failure is charged
    to the files the worker had in hand (`charged`, None: every file not done); the rest
    never started and go back to the queue without being charged an attempt.
    """

    unit_id: str
    category: FailureCategory
    message: str
    detail: dict[str, Any] = field(default_factory=dict)
    done: dict[int, Outcome] = field(default_factory=dict)  # task index -> outcome
    charged: tuple[int, ...] | None = None  # task indexes

    def charges(self, index: int) -> bool:
        """Whether the failure counts against the file at task `index` (not done, and in hand)."""
        return index not in self.done and (self.charged is None or index in self.charged)


@dataclass(frozen=True)
class UnitProgressed:
    """An engine reported how far it is through files of the unit: task index -> (current, total)."""

    unit_id: str
    counts: dict[int, tuple[int, int]]


@dataclass(frozen=True)
class UnitCancelled:
    unit_id: str


@dataclass(frozen=True)
class UnitDeferred:
    """The unit waits: starting it now would eat into the memory reserve."""

    unit_id: str
    reason: str


PoolEvent = UnitStarted | UnitProgressed | UnitFinished | UnitFailed | UnitCancelled | UnitDeferred
