"""Provenance comments: `@Comment:\\t[hf <command> | k=v ; k=v | <ISO 8601>]`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from hotfolder.chat.errors import ChatError

_ENTRY = re.compile(r"\[hf (?P<command>\S+) \|(?P<fields>[^|\]]*)\| (?P<when>[^\s|\]]+)\]\s*\Z")
_COMMAND = re.compile(r"[A-Za-z0-9_.-]+\Z")
_KEY = re.compile(r"[^\s=;|\[\]\x00-\x1f]+\Z")
_VALUE_FORBIDDEN = re.compile(r"[;|\[\]\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ProvenanceEntry:
    command: str
    fields: dict[str, str] = field(default_factory=dict)
    timestamp: str = ""


def format_entry(command: str, fields: dict[str, str], when: datetime) -> str:
    """The comment value; raises ChatError for text that would not read back the same."""
    if not _COMMAND.match(command):
        raise ChatError(f"provenance command {command!r} must be letters, digits, '_', '-' or '.'")
    parts = []
    for key, value in fields.items():
        if not _KEY.match(key):
            raise ChatError(f"provenance key {key!r} must be non-empty without spaces, '=', ';', '|' or brackets")
        if _VALUE_FORBIDDEN.search(value) or value != value.strip():
            raise ChatError(f"provenance value {value!r} for {key!r} holds ';', '|', brackets or edge spaces")
        parts.append(f"{key}={value}")
    listed = " ; ".join(parts)
    middle = f" {listed} " if listed else " "
    return f"[hf {command} |{middle}| {when.isoformat(timespec='seconds')}]"


def parse_entry(value: str) -> ProvenanceEntry | None:
    """The entry a comment value holds, or None when it is an ordinary comment."""
    match = _ENTRY.match(value)
    if match is None:
        return None
    fields: dict[str, str] = {}
    for part in match.group("fields").split(";"):
        key, sep, item = part.strip().partition("=")
        if sep:
            fields[key] = item
    return ProvenanceEntry(match.group("command"), fields, match.group("when"))
