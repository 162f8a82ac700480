"""The seam between the worker pool and the engines: one `Command` per released command.

A worker process calls `Command.load(lang, options)` once and then feeds the
returned `Engine` many batches of `FileTask`s of the same (command, lang).
Engines are pure with respect to the ledger and the outbox: they read the
staged inputs and return the bytes of their outputs; the daemon writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from hotfolder.errors import FileFailure


class NoOptions(BaseModel):
    """Options model for commands that take none: any key is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class FileTask:
    """One primary input of a bundle, as staged for processing."""

    display_path: str  # relative to the bundle, forward slashes: "PWA/TYO_a1.cha"
    input_path: Path  # the staged copy to read; never the inbox original
    lang: str
    # Every other member of the bundle by display path (recordings, gold files...).
    companions: dict[str, Path] = field(default_factory=dict)
    media_search: tuple[Path, ...] = ()  # extra roots to look for recordings in


@dataclass(frozen=True)
class FileOutput:
    display_path: str  # where it goes under the bundle's outbox folder
    data: bytes


@dataclass
class FileResult:
    outputs: list[FileOutput]
    engines: dict[str, str] = field(default_factory=dict)  # engine name -> version
    notes: dict[str, Any] = field(default_factory=dict)  # receipt extras (WER, guesses...)


Outcome = FileResult | FileFailure


class Engine(Protocol):
    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        """Process a batch; one outcome per task, in order. Bad input is a FileFailure, not a raise."""
        ...


class Command(Protocol):
    name: str
    options_model: type[BaseModel]
    memory_mb: int  # base budget of one worker, before learning from measured peaks
    batch_size: int  # files per work unit (1 for recordings; text commands batch for speed)

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Which members of a bundle are processed as files of the job (the rest are companions)."""
        ...

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable naming the missing package when the engine cannot run here."""
        ...

    def load(self, lang: str, options: BaseModel) -> Engine:
        """Load the engine once per worker; called in the worker process."""
        ...
