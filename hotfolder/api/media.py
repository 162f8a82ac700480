"""`/media/list`: recordings under the configured media roots or one media mapping ("bank").

As batchalign3: without `bank` every media root is searched, with it only that
mapping's root; `subdir` narrows either; the answer is the sorted, unique file
names of recordings found below. Walks are cached per folder for a minute, since
media roots are often large network mounts. `subdir` can never lead elsewhere:
`..` and absolute paths are refused, a subdir reached through a link out of its
root lists nothing, linked folders are not entered and linked files pointing out
of the root are not listed.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from hotfolder.api.errors import BadRequest
from hotfolder.api.paths import unsafe_reason
from hotfolder.commands.media import is_media

Walk = Callable[[Path, Path], list[str]]


def walk_media(folder: Path, root: Path) -> list[str]:
    """Names of the recordings anywhere below `folder`, links out of `root` left out (both resolved)."""
    names: list[str] = []
    for dirpath, _, filenames in os.walk(folder):  # followlinks=False: linked folders not entered
        for name in filenames:
            if not is_media(name):
                continue
            path = Path(dirpath, name)
            if path.is_symlink():
                target = path.resolve()
                if not (target.is_relative_to(root) and target.is_file()):
                    continue
            names.append(name)
    return names


def search_folder(root: Path, subdir: str) -> Path | None:
    """The resolved folder `root/subdir`, or None if it is missing or, through links, outside root."""
    real_root = root.resolve()
    folder = (real_root / subdir).resolve() if subdir else real_root
    if not folder.is_relative_to(real_root) or not folder.is_dir():
        return None
    return folder


class MediaLister:
    """Lists recordings with a per-folder cache of `ttl_s`; the clock and the walk are arguments."""

    def __init__(
        self,
        roots: Sequence[Path],
        mappings: Mapping[str, Path],
        *,
        ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
        walk: Walk = walk_media,
    ) -> None:
        self.roots = tuple(roots)
        self.mappings = dict(mappings)
        self.ttl_s = ttl_s
        self.clock = clock
        self.walk = walk
        self._cache: dict[tuple[Path, Path], tuple[float, list[str]]] = {}
        self._lock = threading.Lock()

    def _walked(self, folder: Path, root: Path) -> list[str]:
        now = self.clock()
        with self._lock:
            cached = self._cache.get((folder, root))
        if cached is not None and now - cached[0] < self.ttl_s:
            return cached[1]
        names = self.walk(folder, root)
        with self._lock:
            self._cache[(folder, root)] = (now, names)
        return names

    def list(self, bank: str, subdir: str) -> list[str]:
        """Recording names under `bank` (or every media root when empty) and `subdir`.

        Raises BadRequest for an unknown bank or a subdir that is not a plain relative path.
        """
        if subdir:
            reason = unsafe_reason(subdir)
            if reason is not None:
                raise BadRequest(f"subdir {subdir!r} {reason}")
        if bank:
            if bank not in self.mappings:
                known = ", ".join(sorted(self.mappings)) or "none configured"
                raise BadRequest(f"unknown media bank {bank!r}; known banks: {known}")
            roots: Sequence[Path] = (self.mappings[bank],)
        else:
            roots = self.roots
        found: set[str] = set()
        for root in roots:
            folder = search_folder(root, subdir)
            if folder is not None:
                found.update(self._walked(folder, root.resolve()))
        return sorted(found)
