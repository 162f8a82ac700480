"""Names that are never inputs: OS metadata, sync-tool and browser temp files.

Decisions:
- Every hidden name (leading dot) is junk. That covers `.DS_Store`, `._*`,
  `.~lock.*#`, `.syncthing.*`, `.nfs*` and our own `.hf-*` temp files, and also
  rsync's in-flight temp names (`.x.cha.Ab12Cd`), editor swap files and
  `.Trash-1000`: none of them is ever something a researcher meant to drop.
- Matching is case-insensitive for every pattern, including the folder's own
  `ignore` globs: drops come from Windows and macOS clients, where `THUMBS.DB`
  and `Thumbs.db` are the same file, and no real input is spelled like a
  Unix-only junk name in another case.
- A path is junk when any of its components is, so `PWA/@eaDir/x.cha` is junk.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from functools import lru_cache

DEFAULT_JUNK: tuple[str, ...] = (
    ".*",  # hidden files and folders (see the module docstring)
    ".DS_Store",
    "._*",  # macOS AppleDouble resource forks
    ".~lock.*#",  # LibreOffice lock files
    ".syncthing.*",
    ".nfs*",  # NFS silly-renamed deleted-but-open files
    ".hf-*",  # hotfolder's own temp files
    "Thumbs.db",
    "desktop.ini",
    "~$*",  # Microsoft Office owner files
    "*.part",  # Firefox, wget, KDE downloads in progress
    "*.partial",
    "*.crdownload",  # Chrome downloads in progress
    "*.download",  # Safari downloads in progress (a folder)
    "*.tmp",
    "~syncthing~*",
    "*~",  # editor backup copies
    "@eaDir",  # Synology thumbnails
    "$RECYCLE.BIN",
    "System Volume Information",
    "lost+found",
)


@lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # One alternation per pattern set: a scan tests every name it sees.
    alternatives = (fnmatch.translate(p.casefold()) for p in patterns)
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def is_junk(name: str, extra: Sequence[str] = ()) -> bool:
    """True when any `/`-separated component of `name` matches a junk glob."""
    matcher = _matcher(DEFAULT_JUNK + tuple(extra))
    return any(matcher.match(part.casefold()) for part in name.split("/") if part)
