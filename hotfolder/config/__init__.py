"""Configuration: YAML validated once at the edge into one frozen `Settings`."""

from hotfolder.config.load import load_settings, settings_from_dict
from hotfolder.config.models import COMMANDS, ApiConfig, CommandName, HotFolder, PoolSettings, Settings, WatchMode
from hotfolder.config.paths import FolderRole

__all__ = [
    "COMMANDS",
    "ApiConfig",
    "CommandName",
    "FolderRole",
    "HotFolder",
    "PoolSettings",
    "Settings",
    "WatchMode",
    "load_settings",
    "settings_from_dict",
]
