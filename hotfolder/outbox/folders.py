"""Entering (and creating) folders below a trusted root without following a link on the way.

The root (an outbox, failed/, staging, the state folder) comes from the
configuration; everything below it may have been planted by whoever can write
there. Each component is opened from its parent's fd with O_NOFOLLOW, so a
link swapped in between a check and a use is never followed.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from hotfolder.errors import HotfolderError

_ROOT = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_BELOW = _ROOT | os.O_NOFOLLOW


class FolderInTheWay(OSError):
    """A path component that is a link or not a folder; `strerror` names it for the user."""


def open_folder(root: Path, parts: Sequence[str]) -> int:
    """An fd of root/parts (created as needed); raises OSError, FolderInTheWay naming the culprit."""
    if any(part in ("", ".", "..") or "/" in part for part in parts):
        raise HotfolderError(f"folder path {'/'.join(parts)!r} under {root} is not a plain relative path")
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = os.open(root, _ROOT)
    except (FileExistsError, NotADirectoryError) as error:
        raise _why_root(root, error) from error
    here = root
    for part in parts:
        here = here / part
        try:
            child = _enter(fd, part, here)
        finally:
            os.close(fd)
        fd = child
    return fd


def _enter(parent: int, name: str, shown: Path) -> int:
    try:
        return os.open(name, _BELOW, dir_fd=parent)
    except FileNotFoundError:
        try:
            os.mkdir(name, dir_fd=parent)
        except FileExistsError:
            pass  # made meanwhile (or planted): the open below decides
        return _retry(parent, name, shown)
    except OSError as error:
        raise _why(parent, name, shown, error) from error


def _retry(parent: int, name: str, shown: Path) -> int:
    try:
        return os.open(name, _BELOW, dir_fd=parent)
    except OSError as error:
        raise _why(parent, name, shown, error) from error


def _why_root(root: Path, error: OSError) -> OSError:
    """The root (or a folder above it) is a file: name the first such."""
    for folder in reversed((root, *root.parents)):
        if folder.exists() and not folder.is_dir():
            return FolderInTheWay(errno.ENOTDIR, f"{folder} is a file, not a folder")
    return error


def _why(parent: int, name: str, shown: Path, error: OSError) -> OSError:
    """The error to report for a component that could not be entered: say what stands there."""
    try:
        mode = os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode
    except OSError:
        return error
    if stat.S_ISLNK(mode):
        return FolderInTheWay(errno.ELOOP, f"{shown} is a symbolic link; hotfolder follows no link inside its folders")
    if not stat.S_ISDIR(mode):
        return FolderInTheWay(errno.ENOTDIR, f"{shown} is a file, not a folder")
    return error
