"""Reading the provenance comments back out of an output CHAT file's header."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from hotfolder.api.safe_open import open_regular
from hotfolder.api.schemas import ProvenanceEntry
from hotfolder.chat.provenance import parse_entry

_COMMENT = "@Comment:\t"
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
    """Every `[hf ...]` provenance comment among the headers, in file order."""
    entries: list[ProvenanceEntry] = []
    for line in header_lines(lines):
        found = parse_entry(line.removeprefix(_COMMENT)) if line.startswith(_COMMENT) else None
        if found is not None:
            entries.append(
                ProvenanceEntry(command=found.command, fields=found.fields, timestamp=found.timestamp)
            )
    return entries


def read_provenance(root: Path, relative: PurePosixPath) -> list[ProvenanceEntry]:
    """Provenance of the CHAT file root/relative; empty unless it is a regular file reached without links."""
    fd = open_regular(root, relative)
    if fd is None:
        return []
    try:
        with os.fdopen(fd, "rb") as handle:
            head = handle.read(_HEADER_LIMIT)
    except OSError:
        return []
    return parse_provenance(head.decode("utf-8", errors="replace").splitlines())
