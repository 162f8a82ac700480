"""Reading the provenance comments back out of an output CHAT file's header."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from hotfolder.api.schemas import ProvenanceEntry

# `@Comment:\t[hf morphotag | engine=spacy ; lang=eng | 2026-03-29T10:00:00Z]`;
# batchalign3 writes the same shape with `ba3`.
_COMMENT = re.compile(
    r"^@Comment:\t\[(?:hf|ba3) (?P<command>[^\s|]+) \|(?P<fields>[^|]*)\| (?P<timestamp>[^\s\]]+)\]\s*$"
)
# Provenance sits among the headers; never read a long transcript to find it.
_HEADER_LIMIT = 64 * 1024


def header_lines(lines: Iterable[str]) -> list[str]:
    """The `@` header lines before the first utterance, continuation lines joined on."""
    headers: list[str] = []
    for line in lines:
        line = line.rstrip("\r\n")
        if line.startswith("*") or line.startswith("@End"):
            break
        if line.startswith("\t") and headers:
            headers[-1] = f"{headers[-1]} {line.strip()}"
        elif line.startswith("@"):
            headers.append(line)
    return headers


def parse_provenance(lines: Iterable[str]) -> list[ProvenanceEntry]:
    """Every provenance comment among the headers, in file order."""
    entries: list[ProvenanceEntry] = []
    for line in header_lines(lines):
        match = _COMMENT.match(line)
        if match is None:
            continue
        fields: dict[str, str] = {}
        for item in match["fields"].split(";"):
            key, sep, value = item.strip().partition("=")
            if sep and key:
                fields[key.strip()] = value.strip()
        entries.append(ProvenanceEntry(command=match["command"], fields=fields, timestamp=match["timestamp"]))
    return entries


def read_provenance(path: Path) -> list[ProvenanceEntry]:
    """Provenance of the CHAT file at `path`; empty when it cannot be read."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEADER_LIMIT)
    except OSError:
        return []
    return parse_provenance(head.decode("utf-8", errors="replace").splitlines())
