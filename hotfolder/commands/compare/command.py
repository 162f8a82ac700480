"""`compare`: `X.cha` scored against its gold `X.gold.cha`, word by word.

Gold files are companions, never files of their own: `primary_inputs` keeps
every `.cha` but `*.gold.cha`, and a transcript dropped without its gold
fails with `input_missing` naming the file it needs. Outputs `X.cha` with a
%xcmp alignment tier per utterance and the WER in its provenance, and
`X.compare.csv` with one row per aligned word and the totals. See
hotfolder/commands/compare/.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from pydantic import BaseModel

from hotfolder.commands.base import NoOptions
from hotfolder.commands.morphotag.command import is_primary
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.compare.engine import CompareEngine

NAME = "compare"


class Compare:
    name = NAME
    options_model: type[BaseModel] = NoOptions
    memory_mb = 500  # two transcripts and a word alignment
    batch_size = 8

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every CHAT file of the bundle except the gold references it is scored against."""
        return [path for path in display_paths if is_primary(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable when jiwer, which aligns the words, is not installed."""
        if importlib.util.find_spec("jiwer") is None:
            raise CommandUnavailable(self.name, "jiwer is not installed: pip install jiwer")

    def load(self, lang: str, options: BaseModel) -> CompareEngine:
        """The engine; jiwer is imported here, in the worker, not by the daemon."""
        from hotfolder.commands.compare.engine import CompareEngine

        return CompareEngine()


COMMAND = Compare()
