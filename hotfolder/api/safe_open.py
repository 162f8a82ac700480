"""Opening a file under a served root once, following no link on the way, and only if regular."""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

# The root itself comes from the configuration (it may be a link the admin set up); below it nothing is followed.
_ROOT_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC
_DIR_FLAGS = _ROOT_FLAGS | os.O_NOFOLLOW
# O_NONBLOCK: a FIFO planted at an output path must not stall a thread-pool worker in open().
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def open_regular(root: Path, relative: PurePosixPath) -> int | None:
    """An fd of the regular file root/relative reached without links, or None (caller closes it)."""
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        return None  # "/" or ".." would walk out of the root however carefully each step is taken
    try:
        fd = os.open(root, _ROOT_FLAGS)
    except OSError:
        return None
    try:
        for part in relative.parts[:-1]:
            fd = _step(fd, part, _DIR_FLAGS)
        fd = _step(fd, relative.parts[-1], _FILE_FLAGS)
    except _Refused:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


class _Refused(Exception):
    """A step failed; its parent fd is already closed."""


def _step(parent: int, name: str, flags: int) -> int:
    """Open `name` in the directory fd `parent` with `flags`, closing `parent` either way."""
    try:
        return os.open(name, flags, dir_fd=parent)
    except OSError as error:
        raise _Refused(name) from error
    finally:
        os.close(parent)
