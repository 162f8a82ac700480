"""One reconcile scan of an inbox: every candidate input file and its stat key.

Decisions:
- Top-level files, and everything below top-level folders, are walked with
  `os.scandir`; junk names (see `junk`) are skipped, junk folders not entered.
- Symbolic links are never followed: one could lead out of the inbox or into
  a loop, and a relative link breaks when the daemon moves it into staging.
  They, and FIFOs, sockets and devices (opening a FIFO would hang the
  completeness check), are reported and block their bundle.
- A name that is not valid UTF-8 is reported, with its bytes shown as `\\xNN`,
  and blocks its bundle: the ledger, the receipts and the API all need text.
- A file or folder that vanishes mid-scan is skipped silently: it is gone.
  Any other error (permissions, I/O) is reported in `errors` and `blocked`,
  never raised, and blocks the bundle it belongs to, since its content is unknown.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hotfolder.watch.junk import is_junk
from hotfolder.watch.settle import StatKey

ListDir = Callable[[str], list[os.DirEntry[str]]]


@dataclass
class Snapshot:
    root: Path
    files: dict[str, StatKey] = field(default_factory=dict)  # inbox-relative posix path -> key
    errors: list[str] = field(default_factory=list)  # one readable line per problem
    # Inbox-relative path (non-UTF-8 bytes as \xNN) -> why it, or what is below it, is unknown.
    blocked: dict[str, str] = field(default_factory=dict)

    def block(self, rel: str, reason: str) -> None:
        self.blocked[rel] = reason
        self.errors.append(f"{rel}: {reason}")


def list_dir(path: str) -> list[os.DirEntry[str]]:
    """All entries of a folder, read in one go."""
    with os.scandir(path) as it:
        return list(it)


def scan_inbox(inbox: Path, extra_ignore: Sequence[str] = (), *, lister: ListDir = list_dir) -> Snapshot:
    """Walk `inbox`; `lister` is the folder-listing call (the seam tests use to race deletions)."""
    snapshot = Snapshot(inbox)
    pending = [""]  # inbox-relative folders still to list; "" is the inbox itself
    while pending:
        rel_dir = pending.pop()
        try:
            entries = lister(os.path.join(inbox, rel_dir))
        except FileNotFoundError:
            if not rel_dir:
                snapshot.errors.append(f"inbox {inbox} does not exist")
            continue  # else: a folder removed mid-scan
        except OSError as e:
            if not rel_dir:
                snapshot.errors.append(f"inbox {inbox} cannot be listed: {e.strerror or e}")
            else:
                snapshot.block(rel_dir, f"cannot list folder: {e.strerror or e}")
            continue
        for entry in entries:
            _visit(snapshot, entry, rel_dir, extra_ignore, pending)
    snapshot.files = dict(sorted(snapshot.files.items()))
    return snapshot


def _visit(
    snapshot: Snapshot, entry: os.DirEntry[str], rel_dir: str, extra_ignore: Sequence[str], pending: list[str]
) -> None:
    name = entry.name
    if is_junk(name, extra_ignore):
        return
    rel = f"{rel_dir}/{name}" if rel_dir else name
    if not _is_utf8(name):
        printable = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        snapshot.block(printable, "name is not valid UTF-8; rename it")
        return
    try:
        st = entry.stat(follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError as e:
        snapshot.block(rel, f"cannot stat: {e.strerror or e}")
        return
    if stat.S_ISDIR(st.st_mode):
        pending.append(rel)
    elif stat.S_ISREG(st.st_mode):
        snapshot.files[rel] = StatKey(st.st_size, st.st_mtime_ns, st.st_ino)
    elif stat.S_ISLNK(st.st_mode):
        snapshot.block(rel, "symbolic link, not followed; drop the file itself")
    else:
        snapshot.block(rel, "not a regular file")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
