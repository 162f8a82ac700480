"""`translate`: a %xtra tier per utterance, from Debian's apertium (rule-based, offline).

The source language is the folder's (or the job ticket's) `lang`. Options:
`target` (a CHAT ISO 639-3 code such as "spa") or `pair` (an apertium mode
as `apertium -l` lists it, such as "spa-eng_US"); with neither, into English,
or from English the first installed mode. A pair apertium does not have here
is refused by `check_available`, naming the Debian package to install, so a
folder configured with it fails at start. See hotfolder/commands/translate/.
"""

from __future__ import annotations

from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from hotfolder.commands.morphotag.command import is_primary
from hotfolder.commands.translate.apertium import Apertium, installed_modes, package_versions
from hotfolder.commands.translate.engine import TranslateEngine
from hotfolder.commands.translate.modes import NoMode, resolve
from hotfolder.errors import CommandUnavailable

NAME = "translate"


class TranslateOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    target: str | None = Field(default=None, pattern=r"^[a-z]{3}$")
    pair: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_]+-[A-Za-z0-9_-]+$")

    @model_validator(mode="after")
    def _one_of(self) -> Self:
        if self.target is not None and self.pair is not None:
            raise ValueError("give either target or pair, not both")
        return self


class Translate:
    name = NAME
    options_model: type[BaseModel] = TranslateOptions
    memory_mb = 500  # apertium runs as a child process of a few tens of MB
    batch_size = 8

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except gold references."""
        return [path for path in display_paths if is_primary(path)]

    def mode(self, lang: str, options: BaseModel) -> str:
        """The apertium mode for this folder; CommandUnavailable saying what to install."""
        settings = TranslateOptions.model_validate(options)
        try:
            return resolve(lang, settings.target, settings.pair, installed_modes())
        except NoMode as exc:
            raise CommandUnavailable(self.name, str(exc)) from None

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable when apertium or the pair's Debian package is missing."""
        self.mode(lang, options)

    def load(self, lang: str, options: BaseModel) -> TranslateEngine:
        mode = self.mode(lang, options)
        return TranslateEngine(lang, Apertium(mode), package_versions(mode))


COMMAND = Translate()
