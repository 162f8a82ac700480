"""Settings holds resolved folders: lang and failed are plain values, the command names come from one table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hotfolder.api.schemas import ReleasedCommand
from hotfolder.commands.registry import BUILTIN, NO_OFFLINE_ENGINE, RELEASED
from hotfolder.commands.table import TABLE
from hotfolder.config import COMMANDS, ResolvedFolder, settings_from_dict


def _data(**keys: Any) -> dict[str, Any]:
    return {"default_lang": "fra", "hotfolders": [{"name": "lab", "command": "morphotag", "inbox": "in", "outbox": "out/done", **keys}]}


def test_every_folder_is_resolved_with_lang_and_failed(tmp_path: Path) -> None:
    folder = settings_from_dict(_data(), tmp_path).hotfolders[0]
    assert isinstance(folder, ResolvedFolder)
    assert (folder.lang, folder.failed) == ("fra", tmp_path / "out" / "failed")


def test_written_lang_and_failed_are_kept(tmp_path: Path) -> None:
    folder = settings_from_dict(_data(lang="nld", failed="bad"), tmp_path).hotfolders[0]
    assert (folder.lang, folder.failed) == ("nld", tmp_path / "bad")


def test_config_registry_and_api_share_the_command_table() -> None:
    names = tuple(entry.name for entry in TABLE)
    assert names == COMMANDS
    assert tuple(entry.name for entry in TABLE if entry.released) == RELEASED
    assert [command.value for command in ReleasedCommand] == list(RELEASED)
    assert set(BUILTIN) | set(NO_OFFLINE_ENGINE) == set(names)
    assert not set(BUILTIN) & set(NO_OFFLINE_ENGINE)
    assert ReleasedCommand("coref") is ReleasedCommand.COREF
