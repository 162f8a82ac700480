"""`morphotag`: %mor (and %gra where the engine parses) in the batchalign UD style, in 24 languages.

Every `.cha` of a bundle is tagged (a `*.gold.cha` is a reference, not an
input). Each utterance goes to the engine of its language (languages.py):
its `[- lang]` precode, else the first of `@Languages`, else the folder's
`lang`. Regenerated %mor/%gra tiers are replaced; nothing else in the file changes.

This module stays light: the daemon imports it to check availability, and
spaCy (about 80 MB) and the other engines are imported only by `load`, in the worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from hotfolder.commands.base import NoOptions
from hotfolder.commands.morphotag.catalog import COMMAND_NAME, unavailable_reason
from hotfolder.commands.morphotag.languages import LANGUAGES, served
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.morphotag.engine import MorphotagEngine


def is_primary(display_path: str) -> bool:
    name = display_path.rsplit("/", 1)[-1].lower()
    return name.endswith(".cha") and not name.endswith(".gold.cha")


class Morphotag:
    name = COMMAND_NAME
    options_model: type[BaseModel] = NoOptions
    batch_size = 32  # files per work unit: their utterances share one nlp.pipe stream
    memory_mb = 3000  # a worker for `auto` or a language without an engine (the languages it meets loaded)

    def memory_budget_mb(self, lang: str, options: Mapping[str, Any]) -> int:
        """Per worker key: the language table's budget (languages.py), else memory_mb. A worker that
        meets other languages' utterances loads their engines too: its learned peak then counts."""
        spec = LANGUAGES.get(lang)
        return spec.memory_mb if spec is not None else self.memory_mb

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except gold references."""
        return [path for path in display_paths if is_primary(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable naming the package to install for the folder's language."""
        reason = unavailable_reason(lang)
        if reason is not None:
            raise CommandUnavailable(self.name, reason)

    def languages(self) -> list[str]:
        """The languages this host tags and what each gives (for /health.languages): `spa: %mor+%gra (...) spaCy ...`."""
        return served()

    def load(self, lang: str, options: BaseModel) -> MorphotagEngine:
        """An engine that loads each language's pipeline once, on first use."""
        from hotfolder.commands.morphotag.engine import MorphotagEngine

        return MorphotagEngine(lang)


COMMAND = Morphotag()
