"""What `transcribe` and `benchmark` share as commands: options, availability, loading, per-file outcomes.

Light on purpose: the daemon imports the commands to check availability; the
recognizers and the audio decoder are imported by `load`, in the worker.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hotfolder.commands import progress
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.transcribe.choice import check, load_recognizer, probe
from hotfolder.commands.transcribe.options import AsrOptions, as_asr_options
from hotfolder.commands.transcribe.weights import PACKAGED_BUDGET_MB, model_budget_mb
from hotfolder.errors import FileFailure

if TYPE_CHECKING:
    from hotfolder.commands.transcribe.pipeline import Transcriber


class AsrEngine(ABC):
    """One outcome per task, in order; a FileFailure raised for a file is that file's outcome."""

    def __init__(self, transcriber: Transcriber) -> None:
        self.transcriber = transcriber

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for index, task in enumerate(tasks):
            try:
                with progress.working_on(index):  # the recognizer reports seconds of the recording done
                    outcomes.append(self.one(task))
            except FileFailure as failure:
                outcomes.append(failure)
        return outcomes

    @abstractmethod
    def one(self, task: FileTask) -> FileResult:
        """The outputs for one input; raises FileFailure when the input cannot be used."""


class AsrCommand(ABC):
    name: str
    engine_type: type[AsrEngine]
    options_model: type[BaseModel] = AsrOptions
    memory_mb = PACKAGED_BUDGET_MB  # whisper-base int8 plus a long recording decoded in memory

    def memory_budget_mb(self, lang: str, options: Mapping[str, Any]) -> int:
        """Per worker key: a `model_dir` model's budget grows with its model.bin (weights.model_budget_mb)."""
        model_dir = options.get("model_dir")
        return model_budget_mb(str(model_dir) if model_dir else None)

    @abstractmethod
    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Which members of a bundle are inputs of the job."""

    def check_available(self, lang: str, options: BaseModel) -> None:
        check(self.name, lang, as_asr_options(options), probe())

    def load(self, lang: str, options: BaseModel) -> AsrEngine:
        from hotfolder.commands.transcribe.pipeline import Transcriber

        asr_options = as_asr_options(options)
        return self.engine_type(Transcriber(load_recognizer(self.name, lang, asr_options, probe()), asr_options))
