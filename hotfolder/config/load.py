"""Reading a configuration file into `Settings`; every problem becomes a `ConfigError` with key and line."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.nodes import ScalarNode

from hotfolder.config.messages import describe, dotted, reason_for
from hotfolder.config.models import BASE_DIR, Settings, SettingsRuleError
from hotfolder.config.yaml_doc import parse_yaml
from hotfolder.config.yaml_lines import KeyLines
from hotfolder.errors import ConfigError

_NULL_TAG = "tag:yaml.org,2002:null"


def load_settings(path: Path) -> Settings:
    """Read, parse and validate the YAML configuration at `path`; relative paths resolve against its folder."""
    source = str(path)
    keys, data = _parse(source, _read_text(path))
    if keys.duplicates:
        loc, line, first = keys.duplicates[0]
        raise ConfigError(source, f"duplicate key {loc[-1]!r} (first given on line {first})", key=dotted(loc), line=line)
    if not isinstance(data, dict):
        raise ConfigError(source, f"expected a mapping of settings at the top level, found {describe(data)}", line=1)
    base_dir = Path(os.path.abspath(path)).parent
    return _validate(data, base_dir, source, keys)


def settings_from_dict(data: Mapping[str, Any], base_dir: Path, *, source: str = "<settings>") -> Settings:
    """Validate already-parsed settings; relative paths resolve against `base_dir`."""
    return _validate(data, Path(os.path.abspath(base_dir)), source, KeyLines())


def _read_text(path: Path) -> str:
    source = str(path)
    try:
        # utf-8-sig: editors on Windows may start the file with a byte-order mark.
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(source, "configuration file not found") from None
    except IsADirectoryError:
        raise ConfigError(source, "is a folder, not a configuration file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(source, f"not UTF-8 text (byte {exc.start} cannot be decoded)") from None
    except OSError as exc:
        raise ConfigError(source, f"cannot read the configuration file: {exc.strerror}") from None


def _parse(source: str, text: str) -> tuple[KeyLines, Any]:
    try:
        document = parse_yaml(source, text)
    except yaml.YAMLError as exc:
        raise _yaml_error(source, exc) from None
    root = document.root
    # A document of nothing but `---` is an empty (null) scalar: as empty as no document at all.
    if root is None or (isinstance(root, ScalarNode) and root.tag == _NULL_TAG):
        raise ConfigError(source, "the file is empty; it needs at least a 'hotfolders' list")
    return document.keys, document.data


def _yaml_error(source: str, exc: yaml.YAMLError) -> ConfigError:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = ", ".join(part for part in (exc.context, exc.problem) if part) or "cannot be parsed"
        return ConfigError(source, f"invalid YAML: {problem}", line=mark.line + 1 if mark else None)
    return ConfigError(source, f"invalid YAML: {exc}")


def _validate(data: Mapping[str, Any], base_dir: Path, source: str, keys: KeyLines) -> Settings:
    try:
        return Settings.model_validate(data, context={BASE_DIR: base_dir})
    except SettingsRuleError as exc:
        raise ConfigError(source, exc.reason, key=dotted(exc.loc), line=keys.line_for(exc.loc)) from None
    except ValidationError as exc:
        raise _first_problem(exc, source, keys) from None


def _first_problem(exc: ValidationError, source: str, keys: KeyLines) -> ConfigError:
    # One error at a time, the first in the file, with a count of the rest.
    errors = exc.errors(include_url=False)
    never = float("inf")
    first = min(errors, key=lambda error: keys.line_for(error["loc"]) or never)
    reason = reason_for(first)
    if len(errors) > 1:
        rest = len(errors) - 1
        reason += f" (and {rest} more problem{'s' if rest > 1 else ''})"
    return ConfigError(source, reason, key=dotted(first["loc"]) or None, line=keys.line_for(first["loc"]))
