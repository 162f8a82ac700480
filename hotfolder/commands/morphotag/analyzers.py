"""Loading each language's engine once per worker, as the language table says (languages.py)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.catalog import NoEngine
from hotfolder.commands.morphotag.languages import ENGINES_PACKAGE, LANGUAGES, LanguageSpec, missing
from hotfolder.errors import FailureCategory, FileFailure


def load_analyzer(spec: LanguageSpec) -> Analyzer:
    """Import and load the language's engine: a spaCy pipeline, or `engines.<module>.load(lang)`."""
    if spec.kind == "spacy":
        from hotfolder.commands.morphotag.spacy_analyzer import load_spacy

        return load_spacy(spec)
    module: Any = importlib.import_module(f"{ENGINES_PACKAGE}.{spec.target}")
    return cast(Analyzer, module.load(spec.lang))


class Analyzers:
    """Loads a language's engine on first use and keeps it for the worker's lifetime."""

    def __init__(
        self, loader: Callable[[LanguageSpec], Analyzer] = load_analyzer, table: Mapping[str, LanguageSpec] = LANGUAGES
    ) -> None:
        self._loader = loader
        self._table = table
        self._loaded: dict[str, Analyzer] = {}
        self._unserved: dict[str, NoEngine] = {}

    def get(self, lang: str) -> Analyzer:
        """The engine for `lang`; raises NoEngine when the table has none or it is not installed."""
        loaded = self._loaded.get(lang)
        if loaded is not None:
            return loaded
        if lang in self._unserved:
            raise self._unserved[lang]
        spec = self._table.get(lang)
        reason = None if spec is None else missing(spec)
        if spec is None or reason is not None:
            self._unserved[lang] = NoEngine(lang, reason)
            raise self._unserved[lang]
        loaded = self._loader(spec)
        self._loaded[lang] = loaded
        return loaded

    def lookup(self, lang: str) -> Analyzer | NoEngine | FileFailure:
        """The engine; NoEngine when this host has none for `lang`; the failure of its files when it will not load."""
        try:
            return self.get(lang)
        except NoEngine as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - a broken install fails its files; the worker lives on
            return FileFailure(f"cannot load the morphotag engine for {lang!r}: {exc!r}", FailureCategory.PROVIDER_TERMINAL)


def fail_needing(failure: FileFailure, needs: Iterable[tuple[int, int]], outcomes: dict[int, Any]) -> None:
    """An engine that cannot load fails each file that needs it, naming the first utterance's line.

    `needs` holds (file index, utterance line) pairs; a file that already has an outcome keeps it.
    """
    for file, line in needs:
        message = f"{failure.message}; needed by the utterance on line {line}"
        outcomes.setdefault(file, FileFailure(message, failure.category, line=line))
