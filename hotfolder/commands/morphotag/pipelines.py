"""Loading each language's spaCy pipeline once per worker."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language

from hotfolder.commands.morphotag.catalog import PIPELINES, NoPipeline, PipelineSpec
from hotfolder.commands.morphotag.tagger import Tagger
from hotfolder.errors import FailureCategory, FileFailure

__all__ = ["PIPELINES", "LoadedPipeline", "NoPipeline", "PipelineSpec", "Pipelines", "load_pipeline"]

# Named-entity and sentence-splitting components play no part in %mor/%gra.
_UNUSED_COMPONENTS = ["ner", "senter"]


def load_pipeline(spec: PipelineSpec) -> Language:
    """Import and load a pipeline package, without the components morphotag does not use."""
    module = importlib.import_module(spec.package)
    nlp: Language = module.load(exclude=_UNUSED_COMPONENTS)
    return nlp


@dataclass(frozen=True)
class LoadedPipeline:
    spec: PipelineSpec
    tagger: Tagger
    version: str

    @property
    def model(self) -> str:
        """`<package>-<version>`, as provenance comments and receipts name it."""
        return f"{self.spec.package}-{self.version}"


def fail_needing(failure: FileFailure, needs: Iterable[tuple[int, int]], outcomes: dict[int, Any]) -> None:
    """A pipeline that cannot run fails each file that needs it, naming the first utterance's line.

    `needs` holds (file index, utterance line) pairs; a file that already has an outcome keeps it.
    """
    for file, line in needs:
        message = f"{failure.message}; needed by the utterance on line {line}"
        outcomes.setdefault(file, FileFailure(message, failure.category, line=line))


class Pipelines:
    """Loads a language's pipeline on first use and keeps it for the worker's lifetime."""

    def __init__(self, loader: Callable[[PipelineSpec], Language] = load_pipeline) -> None:
        self._loader = loader
        self._loaded: dict[str, LoadedPipeline] = {}

    def get(self, lang: str) -> LoadedPipeline:
        """The pipeline for `lang`; raises NoPipeline when the table has none."""
        loaded = self._loaded.get(lang)
        if loaded is None:
            spec = PIPELINES.get(lang)
            if spec is None:
                raise NoPipeline(lang)
            nlp = self._loader(spec)
            loaded = LoadedPipeline(spec, Tagger(nlp), str(nlp.meta.get("version", "unknown")))
            self._loaded[lang] = loaded
        return loaded

    def get_or_failure(self, lang: str, unavailable: Callable[[NoPipeline], str] = str) -> LoadedPipeline | FileFailure:
        """The pipeline for `lang`, or the failure of every file that needs it (never raises)."""
        try:
            return self.get(lang)
        except NoPipeline as exc:  # the file asks for what this install cannot do: not worth a retry
            return FileFailure(unavailable(exc), FailureCategory.VALIDATION)
        except Exception as exc:  # noqa: BLE001 - a broken install fails its files; the worker lives on
            return FileFailure(f"cannot load the spaCy pipeline for {lang!r}: {exc!r}", FailureCategory.PROVIDER_TERMINAL)
