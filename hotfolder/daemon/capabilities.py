"""Which commands this host can run, checked before anything starts."""

from __future__ import annotations

from hotfolder.commands.base import Command
from hotfolder.commands.registry import RELEASED, Registry
from hotfolder.config.models import Settings
from hotfolder.errors import CommandUnavailable, ConfigError


def available_commands(registry: Registry, lang: str) -> list[str]:
    """Released commands whose engine is installed and loads here (for /health.capabilities)."""
    names = []
    for name in registry.names():
        try:
            command = registry.get(name)
            command.check_available(lang, command.options_model.model_validate({}))
        except (CommandUnavailable, ImportError, KeyError, ValueError):
            continue
        if name in RELEASED:
            names.append(name)
    return names


def command_languages(registry: Registry, names: list[str]) -> dict[str, tuple[str, ...]]:
    """Per command that lists its languages (a `languages()` method), those it serves here (for /health.languages)."""
    found = {}
    for name in names:
        languages = getattr(registry.get(name), "languages", None)
        if callable(languages):
            found[name] = tuple(languages())
    return found


def require_commands(settings: Settings, registry: Registry) -> dict[str, Command]:
    """Each hot folder's command, ready to run; a startup error names what is missing."""
    found: dict[str, Command] = {}
    for index, folder in enumerate(settings.hotfolders):
        where = f"hotfolders[{index}] ({folder.name})"
        try:
            command = registry.get(folder.command)
        except KeyError as error:
            raise CommandUnavailable(folder.command, f"{error.args[0]}; {where} cannot run") from None
        except ImportError as error:
            raise CommandUnavailable(folder.command, f"its engine does not import ({error}); {where} cannot run") from None
        try:
            options = command.options_model.model_validate(folder.options)
        except ValueError as error:
            raise ConfigError("config", f"bad options for {folder.command}: {error}", key=f"{where}.options") from None
        command.check_available(folder.lang, options)
        found[folder.name] = command
    return found
