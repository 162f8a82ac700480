"""`utseg`: cut over-long utterances at the clear sentence boundaries of a spaCy parse.

An utterance whose words make several sentences becomes several utterances of
the same speaker, each with its terminator (`?` for a question, else `.`; the
last keeps the original). Only boundaries where both pieces read as sentences
are used (rules.py): never inside a tag question, parenthetical,
subordinate clause, repetition or recitation, never leaving a piece under
`min_words` words; a pause stays with the piece before. Bullets follow the
words: each piece spans its words' %wor bullets, or a share of the utterance's
bullet by spoken words when there is no %wor. The pieces of an utterance that
had %mor/%gra are tagged again with morphotag's tagger (the same pipeline that
parses them, so no extra memory), %wor is cut with the words, other tiers stay
with the first piece.
Utterances left whole stay byte-identical. See hotfolder/commands/utseg/.

This module stays light: the daemon imports it to check availability, and
spaCy is imported only by `load`, in the worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field

from hotfolder.commands.morphotag.catalog import PIPELINES, unavailable_reason
from hotfolder.commands.morphotag.command import is_primary
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.utseg.engine import UtsegEngine

NAME = "utseg"


class UtsegOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    # A boundary that would leave a piece shorter than this is not used (batchalign merges groups under 3 words).
    min_words: int = Field(default=3, ge=1)


class Utseg:
    name = NAME
    options_model: type[BaseModel] = UtsegOptions
    memory_mb = 3000  # both small pipelines loaded, plus a batch of parsed files
    batch_size = 8

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except gold references."""
        return [path for path in display_paths if is_primary(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable naming the pipeline package to install for the folder's language."""
        if lang not in PIPELINES:
            known = ", ".join(sorted(PIPELINES))
            raise CommandUnavailable(self.name, f"no spaCy pipeline for language {lang!r} (utseg parses: {known})")
        reason = unavailable_reason(lang)
        if reason is not None:
            raise CommandUnavailable(self.name, reason)

    def load(self, lang: str, options: BaseModel) -> UtsegEngine:
        """An engine that loads each language's pipeline once, on first use."""
        from hotfolder.commands.utseg.engine import UtsegEngine

        return UtsegEngine(lang, UtsegOptions.model_validate(options).min_words)


COMMAND = Utseg()
