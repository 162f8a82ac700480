"""Configuration: YAML validated once at the edge into one frozen `Settings`."""

from hotfolder.commands.table import CommandName
from hotfolder.config.folders import FolderCheck, check_folders
from hotfolder.config.load import load_settings, settings_from_dict
from hotfolder.config.memory import ResolvedPool, Tier, host_tier, resolve_pool
from hotfolder.config.models import COMMANDS, ApiConfig, HotFolder, PoolSettings, ResolvedFolder, Settings, WatchMode
from hotfolder.config.paths import FolderRole

__all__ = [
    "COMMANDS",
    "ApiConfig",
    "CommandName",
    "FolderCheck",
    "FolderRole",
    "HotFolder",
    "PoolSettings",
    "ResolvedFolder",
    "ResolvedPool",
    "Settings",
    "Tier",
    "WatchMode",
    "check_folders",
    "host_tier",
    "load_settings",
    "resolve_pool",
    "settings_from_dict",
]
