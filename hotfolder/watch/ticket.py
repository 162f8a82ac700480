"""Job tickets: a `hotfolder.yaml` inside a folder bundle overriding lang, options, num_speakers.

Every problem is a `ConfigError` naming the file, the line and the key, so
the bundle can fail with a reason the user can act on. `options` stays a
plain mapping here: only the folder's command knows which options it takes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hotfolder.config.messages import dotted
from hotfolder.config.yaml_doc import parse_yaml
from hotfolder.errors import ConfigError


class Ticket(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    lang: str | None = None
    options: dict[str, Any] = Field(default_factory=dict)
    num_speakers: int | None = Field(default=None, ge=1)

    @field_validator("lang")
    @classmethod
    def _lang_code(cls, value: str | None) -> str | None:
        # batchalign3's codes: ISO 639-3 ("eng", "fra") or "auto".
        if value is not None and not re.fullmatch(r"[a-z]{3}|auto", value):
            raise ValueError(f"{value!r} is not a 3-letter ISO 639-3 code such as 'eng' (or 'auto')")
        return value

    @field_validator("options")
    @classmethod
    def _plain_values(cls, value: dict[str, Any]) -> dict[str, Any]:
        # Options are stored as JSON: a value YAML reads as a date, bytes or a set cannot be
        # (it raised inside the daemon's claim).
        found = _not_plain(value, "options")
        if found is not None:
            where, kind = found
            raise ValueError(f"{where} is read as {kind}, not a plain value; quote it if it is text")
        return value


_PLAIN = (str, int, float, bool, type(None))
_KINDS = {"date": "a date", "datetime": "a date and time", "bytes": "binary data", "set": "a set"}


def _not_plain(value: Any, where: str) -> tuple[str, str] | None:
    """The first value under `where` that JSON cannot hold, with what YAML made of it; else None."""
    if isinstance(value, dict):
        for key, item in value.items():  # keys are strings already: the model is strict
            found = _not_plain(item, f"{where}.{key}")
            if found is not None:
                return found
        return None
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _not_plain(item, f"{where}[{index}]")
            if found is not None:
                return found
        return None
    kind = type(value).__name__
    return None if isinstance(value, _PLAIN) else (where, _KINDS.get(kind, f"a {kind}"))


def load_ticket(path: Path) -> Ticket:
    """Read and validate a job ticket; raises `ConfigError` on any problem."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(where, f"cannot read job ticket: {e}") from e
    try:
        document = parse_yaml(where, text)  # the configuration's reader: alias loops and bombs refused
    except yaml.YAMLError as e:
        raise ConfigError(where, f"not valid YAML: {_problem(e)}", line=_yaml_line(e)) from e
    if document.root is None:
        return Ticket()
    if not isinstance(document.root, yaml.MappingNode):
        raise ConfigError(where, "a job ticket must be a mapping of keys to values", line=document.keys.line_for(()))
    keys = document.keys
    if keys.duplicates:
        loc, line, _ = keys.duplicates[0]
        raise ConfigError(where, "duplicate key", key=dotted(loc), line=line)
    try:
        return Ticket.model_validate(document.data)
    except ValidationError as e:
        error = e.errors()[0]
        loc = tuple(error["loc"])
        reason = error["msg"]
        if error["type"] == "value_error":
            reason = str(error["ctx"]["error"])
        elif error["type"] == "extra_forbidden":
            reason = f"unknown key (allowed: {', '.join(Ticket.model_fields)})"
        raise ConfigError(where, reason, key=dotted(loc) or None, line=keys.line_for(loc)) from e


def _yaml_line(e: yaml.YAMLError) -> int | None:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else None


def _problem(e: yaml.YAMLError) -> str:
    problem, context = getattr(e, "problem", None), getattr(e, "context", None)
    if not problem:
        return str(e).splitlines()[0]
    return f"{problem} ({context})" if context else str(problem)
