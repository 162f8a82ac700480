"""`state/daemon.pid`: how the CLI tells whether a daemon will apply its request soon."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

NAME = "daemon.pid"


def write(state_dir: Path) -> Path:
    path = state_dir / NAME
    path.write_text(f"{os.getpid()}\n", encoding="ascii")
    return path


def remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def running(state_dir: Path) -> bool:
    """Whether the process named in the pid file lives (a kill -9 leaves the file behind).

    A reused pid reads as running: the CLI then only waits longer before applying its
    request itself, which is safe, as a request is applied once whoever comes first.
    """
    try:
        pid = int((state_dir / NAME).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except PermissionError:
        return True  # it does, under another user
    except OSError:
        return False
    return True
