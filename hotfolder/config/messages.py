"""Pydantic's validation errors said in the words of someone editing a YAML file."""

from __future__ import annotations

import difflib
import types
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from hotfolder.config.models import COMMANDS, Settings

Loc = tuple[str | int, ...]


def dotted(loc: Sequence[str | int]) -> str:
    """("hotfolders", 1, "settle_s") -> "hotfolders[1].settle_s"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part != "[key]":  # pydantic's marker for "the key of this dict entry"
            text += f".{part}" if text else part
    return text


def suggest(word: str, choices: Sequence[str]) -> str | None:
    """The closest of `choices` to a misspelt `word`, if any is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


def reason_for(error: ErrorDetails) -> str:
    """One pydantic error as a plain sentence about the value the user wrote."""
    kind = error["type"]
    loc = error["loc"]
    last = str(loc[-1]) if loc else ""
    value = error["input"]
    if kind == "extra_forbidden":
        return _unknown(f"unknown key {last!r}", last, keys_at(loc[:-1]), "valid keys")
    if kind == "missing":
        return f"missing required key {last!r}"
    if kind == "literal_error" and last == "command":
        return _unknown(f"unknown command {value!r}", str(value), COMMANDS, "valid commands", always_list=True)
    if kind == "literal_error":
        return f"must be one of {error.get('ctx', {}).get('expected', '')} (got {value!r})"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping of keys (got {describe(value)})"
    if kind == "list_type":
        return f"must be a list (got {describe(value)})"
    message = error["msg"].removeprefix("Value error, ")
    if message.startswith("Input is not a valid path"):
        message = "Input should be a path"
    message = message.replace("Input should be", "must be", 1)
    if kind == "value_error" or "(got " in message:
        return message
    return f"{message} (got {describe(value)})"


def keys_at(loc: Sequence[str | int]) -> list[str]:
    """The valid keys of the mapping at `loc` in the settings schema; [] if it is not a model."""
    current: Any = Settings
    for part in loc:
        current = _child_type(current, part)
    model = _unwrap_optional(current)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def describe(value: Any) -> str:
    """How a YAML reader would name the kind of `value`."""
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _unknown(head: str, word: str, valid: Sequence[str], label: str, *, always_list: bool = False) -> str:
    close = suggest(word, valid)
    text = head + (f"; did you mean {close!r}?" if close else "")
    if valid and (always_list or close is None):
        text += f" ({label}: {', '.join(valid)})"
    return text


def _child_type(current: Any, part: str | int) -> Any:
    current = _unwrap_optional(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        field = current.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field is not None else None
    args = get_args(current)
    if get_origin(current) is list and isinstance(part, int) and args:
        return args[0]
    if get_origin(current) is dict and len(args) == 2:
        return args[1]
    return None


def _unwrap_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        present = [arg for arg in get_args(annotation) if arg is not type(None)]
        return present[0] if len(present) == 1 else annotation
    return annotation
