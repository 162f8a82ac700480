"""Pure path rules: making configured paths absolute and finding folders that overlap dangerously."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class FolderRole(StrEnum):
    """The four folders a hot folder owns, in the order they are checked and reported."""

    INBOX = "inbox"
    OUTBOX = "outbox"
    FAILED = "failed"
    ARCHIVE = "archive"


def absolute(path: Path, base_dir: Path) -> Path:
    """`path` made absolute against `base_dir`, `~` expanded and `.`/`..` folded.

    Folding is lexical (no filesystem access): folders may not exist yet when
    the configuration is read, and the result must not depend on the host.
    """
    return Path(os.path.normpath(Path(base_dir) / path.expanduser()))


@dataclass(frozen=True)
class FolderPath:
    """One configured folder: hot folder `index`/`name` uses `path` as its `role`."""

    index: int
    name: str
    role: FolderRole
    path: Path

    @property
    def key(self) -> str:
        return f"hotfolders[{self.index}].{self.role}"


@dataclass(frozen=True)
class Overlap:
    """`later` collides with `earlier`; `reason` is said from `later`'s point of view."""

    later: FolderPath
    earlier: FolderPath
    reason: str


def find_overlap(entries: Sequence[FolderPath]) -> Overlap | None:
    """The first dangerous overlap between configured folders, or None.

    Dangerous: any two folders of the same hot folder that are equal or nested
    (an outbox inside its inbox feeds outputs back in as drops), and an inbox
    equal to or nested with any folder of another hot folder (two folders
    sharing an inbox would both take every drop). Other hot folders may share an
    outbox, failed or archive folder: the default `failed/` beside two outboxes
    in the same parent is such a case.
    """
    for position, later in enumerate(entries):
        for earlier in entries[:position]:
            reason = _collision(earlier, later)
            if reason is not None:
                return Overlap(later=later, earlier=earlier, reason=reason)
    return None


def _collision(earlier: FolderPath, later: FolderPath) -> str | None:
    same_folder = earlier.index == later.index
    inbox_involved = FolderRole.INBOX in (earlier.role, later.role)
    if not same_folder and not inbox_involved:
        return None
    other = _describe(earlier, same_folder)
    this = f"{later.role} {later.path}"
    if later.path == earlier.path:
        if later.role == earlier.role == FolderRole.INBOX:
            return f"{this} is also the inbox of {other}: two hot folders cannot share an inbox"
        return f"{this} is the same folder as {other}{_why(inbox_involved)}"
    if later.path.is_relative_to(earlier.path):
        return f"{this} is inside {other} {earlier.path}{_why(inbox_involved)}"
    if earlier.path.is_relative_to(later.path):
        return f"{this} contains {other} {earlier.path}{_why(inbox_involved)}"
    return None


def _describe(entry: FolderPath, same_folder: bool) -> str:
    if same_folder:
        return f"this hot folder's {entry.role}"
    return f"hot folder '{entry.name}' ({entry.key})"


def _why(inbox_involved: bool) -> str:
    if inbox_involved:
        return "; an inbox must not overlap any other folder, or files written there are taken as new drops"
    return "; each role needs a folder of its own"
