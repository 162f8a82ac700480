"""The one command table: every name the config accepts, whether it is released, where its engine lives.

The config's `CommandName`, the registry's RELEASED/BUILTIN and the API's `ReleasedCommand` all come
from here. `CommandName` has to be a literal for the type checker, so it is spelled out once and
checked against the table at import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

CommandName = Literal[
    "align",
    "transcribe",
    "transcribe_s",
    "translate",
    "morphotag",
    "coref",
    "utseg",
    "benchmark",
    "opensmile",
    "compare",
    "avqi",
]


@dataclass(frozen=True)
class CommandEntry:
    name: CommandName
    released: bool  # in the released vocabulary (config, API enum)
    engine: str | None  # "module:attribute"; None: no engine that runs offline in this build
    missing: str = ""  # with no engine: what is missing, shown when a folder asks for it


TABLE: tuple[CommandEntry, ...] = (
    CommandEntry("align", True, "hotfolder.commands.align.command:COMMAND"),
    CommandEntry("transcribe", True, "hotfolder.commands.transcribe.command:COMMAND"),
    CommandEntry(
        "transcribe_s", True, None,
        "speaker diarization needs pyannote or NeMo models that download at run time; no offline engine is installed",
    ),
    CommandEntry("translate", True, "hotfolder.commands.translate.command:COMMAND"),
    CommandEntry("morphotag", True, "hotfolder.commands.morphotag.command:COMMAND"),
    CommandEntry(
        "coref", True, None,
        "coreference needs coreferee or fastcoref, whose models download at run time; no offline engine is installed",
    ),
    CommandEntry("utseg", True, "hotfolder.commands.utseg.command:COMMAND"),
    CommandEntry("benchmark", True, "hotfolder.commands.benchmark.command:COMMAND"),
    CommandEntry("opensmile", True, "hotfolder.commands.opensmile.command:COMMAND"),
    CommandEntry("compare", True, "hotfolder.commands.compare.command:COMMAND"),
    CommandEntry("avqi", True, "hotfolder.commands.avqi.command:COMMAND"),
)

NAMES: tuple[str, ...] = tuple(entry.name for entry in TABLE)
if get_args(CommandName) != NAMES:  # a name added to one and not the other
    raise RuntimeError(f"CommandName {get_args(CommandName)} and the command table {NAMES} disagree")
RELEASED: tuple[str, ...] = tuple(entry.name for entry in TABLE if entry.released)
BUILTIN: dict[str, str] = {entry.name: entry.engine for entry in TABLE if entry.engine is not None}
NO_OFFLINE_ENGINE: dict[str, str] = {entry.name: entry.missing for entry in TABLE if entry.engine is None}
