"""`hotfolder check-config`: make sure every configured folder exists and can be written."""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from hotfolder.config.models import Settings
from hotfolder.config.paths import FolderRole

# Probe files start with this; the watcher should treat them as junk if one is ever left behind.
PROBE_PREFIX = ".hf-probe-"


@dataclass(frozen=True)
class FolderCheck:
    """The outcome for one folder of one hot folder; `detail` says what was done or what failed."""

    folder_name: str
    role: FolderRole
    path: Path
    ok: bool
    detail: str
    created: bool = False


def check_folders(settings: Settings) -> list[FolderCheck]:
    """Create each missing folder, then write, rename and delete a probe file in it; never raises."""
    return [
        check_folder(folder.name, role, path)
        for folder in settings.hotfolders
        for role, path in folder.folders().items()
    ]


def check_folder(folder_name: str, role: FolderRole, path: Path) -> FolderCheck:
    """Check one folder, creating it when missing."""

    def result(ok: bool, detail: str, created: bool = False) -> FolderCheck:
        return FolderCheck(folder_name, role, path, ok, detail, created)

    if path.exists() and not path.is_dir():
        return result(False, "exists but is not a folder")
    created = not path.exists()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return result(False, f"cannot create the folder: {_os_text(exc)}")
    failure = _probe(path)
    prefix = "created; " if created else ""
    if failure is not None:
        return result(False, prefix + failure, created)
    return result(True, prefix + "write, rename and delete ok", created)


def _probe(folder: Path) -> str | None:
    # What the daemon does there: write a file, rename it into place, delete it.
    written = folder / f"{PROBE_PREFIX}{secrets.token_hex(6)}"
    renamed = folder / f"{PROBE_PREFIX}{secrets.token_hex(6)}"
    step = "write"
    try:
        written.write_bytes(b"hotfolder check-config probe\n")
        step = "rename"
        written.rename(renamed)
        step = "delete"
        renamed.unlink()
    except OSError as exc:
        _remove_quietly(written, renamed)
        return f"cannot {step} a file here: {_os_text(exc)}"
    return None


def _remove_quietly(*paths: Path) -> None:
    for path in paths:
        # Best effort: the folder has already failed the check, which is what gets reported.
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def _os_text(exc: OSError) -> str:
    return exc.strerror or str(exc)
