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


def load_ticket(path: Path) -> Ticket:
    """Read and validate a job ticket; raises `ConfigError` on any problem."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(where, f"cannot read job ticket: {e}") from e
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise ConfigError(where, f"not valid YAML: {_problem(e)}", line=_yaml_line(e)) from e
    if root is None:
        return Ticket()
    if not isinstance(root, yaml.MappingNode):
        raise ConfigError(where, "a job ticket must be a mapping of keys to values", line=_line(root))
    _reject_duplicate_keys(where, root, ())
    data = yaml.safe_load(text)
    try:
        return Ticket.model_validate(data)
    except ValidationError as e:
        error = e.errors()[0]
        loc = tuple(error["loc"])
        node = _node_at(root, loc)
        reason = error["msg"]
        if error["type"] == "value_error":
            reason = str(error["ctx"]["error"])
        elif error["type"] == "extra_forbidden":
            reason = f"unknown key (allowed: {', '.join(Ticket.model_fields)})"
        key = ".".join(str(part) for part in loc) or None
        raise ConfigError(where, reason, key=key, line=_line(node) if node else None) from e


def _reject_duplicate_keys(where: str, node: yaml.Node, loc: tuple[str, ...]) -> None:
    # PyYAML keeps the last of duplicate keys silently; a ticket must not.
    if isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(where, item, loc)
    if not isinstance(node, yaml.MappingNode):
        return
    seen: set[str] = set()
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key in seen:
            raise ConfigError(where, "duplicate key", key=".".join((*loc, key)), line=_line(key_node))
        seen.add(key)
        _reject_duplicate_keys(where, value_node, (*loc, key))


def _node_at(root: yaml.Node, loc: tuple[Any, ...]) -> yaml.Node | None:
    """The YAML node a pydantic error location points at, or the nearest one above it."""
    node = root
    for depth, part in enumerate(loc, start=1):
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if k.value == str(part)]
            if not found:
                return node
            key_node, value_node = found[0]
            node = key_node if depth == len(loc) else value_node  # a key's line reads best for its error
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _yaml_line(e: yaml.YAMLError) -> int | None:
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    return int(mark.line) + 1 if mark is not None else None


def _problem(e: yaml.YAMLError) -> str:
    problem, context = getattr(e, "problem", None), getattr(e, "context", None)
    if not problem:
        return str(e).splitlines()[0]
    return f"{problem} ({context})" if context else str(problem)
