"""Grouping an inbox's files into bundles: one bundle is one job.

Rules:
- A top-level folder is one bundle with every file below it.
- Top-level files group by stem, the name before its first dot: `x.cha` +
  `x.wav`, and `X.cs.wav` + `X.sv.wav` + `X.gold.cha`. So `2024.05 a.cha` and
  `2024.06 b.cha` share the stem `2024` and form one bundle: name drops with
  dots in the stem into a folder to keep them apart. Stems compare after
  Unicode NFC normalisation and case folding, because Windows and macOS
  clients treat `Interview.cha` and `interview.WAV` (or NFD and NFC spellings
  from macOS) as belonging together. A file bundle is named by the stem as
  spelled by its first member in sorted order.
- `hotfolder.yaml` (any case) directly inside a folder bundle is its job
  ticket, not a member. Two tickets differing only in case are a conflict. At
  the top level a ticket applies to nothing, so it is a conflict too.
- The READY marker is not a member: `READY` or `READY.txt` (any case: Notepad
  adds `.txt`) directly inside a folder bundle; beside top-level files, any
  file of the group named `<stem>.READY` or `<name>.READY` (`x.cha.ready`),
  optionally with `.txt`.
- A file bundle whose stem equals a top-level folder's name (after folding)
  is held with a conflict until the folder has been taken: both would write
  `outbox/<name>.receipt.json` and `failed/<name>/`. So is a folder whose
  name folds equal to an earlier folder's (`Café/` in NFC and in NFD).
- Two members whose paths fold equal (`café.cha` NFC and NFD, `A/x.cha` and
  `A/X.cha`) hold their bundle with a conflict: their outputs would be one
  file to a Windows or macOS client of the outbox, and one would hide the other.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Kind = Literal["file", "folder"]
TICKET_NAME = "hotfolder.yaml"
_MARKER_NAMES = ("ready", "ready.txt")
_MARKER_SUFFIXES = (".ready", ".ready.txt")


@dataclass(frozen=True)
class Bundle:
    name: str
    kind: Kind
    members: tuple[str, ...]  # inbox-relative posix paths, sorted
    ticket: str | None = None
    ready_marker: str | None = None
    conflict: str | None = None  # why the bundle cannot be taken as it stands


def stem(name: str) -> str:
    """The part of a file name before its first dot."""
    return name.split(".", 1)[0]


def fold(name: str) -> str:
    """The form two names must share to count as the same across Windows, macOS and Linux."""
    return unicodedata.normalize("NFC", name).casefold()


def belongs_to(rel: str, bundle: Bundle) -> bool:
    """Whether the inbox-relative `rel` would fall into `bundle` (used for paths not in a snapshot)."""
    top, sep, _ = rel.partition("/")
    if sep:
        return bundle.kind == "folder" and top == bundle.name
    return bundle.kind == "file" and fold(stem(rel)) == fold(bundle.name)


def group_bundles(paths: Iterable[str]) -> list[Bundle]:
    """Bundles of the inbox-relative file `paths`, sorted by name."""
    folders: defaultdict[str, list[str]] = defaultdict(list)
    stems: defaultdict[str, list[str]] = defaultdict(list)
    for path in sorted(paths):
        top, sep, _ = path.partition("/")
        if sep:
            folders[top].append(path)
        else:
            stems[fold(stem(path))].append(path)
    folder_keys: dict[str, str] = {}
    for name in folders:  # sorted: the first spelling of a folded name is taken first
        folder_keys.setdefault(fold(name), name)
    bundles = [_folder_bundle(name, files, folder_keys[fold(name)]) for name, files in folders.items()]
    bundles += [_file_bundle(files, folder_keys) for files in stems.values()]
    return sorted(bundles, key=lambda b: (b.name, b.kind))


def _same_to_clients(members: tuple[str, ...]) -> str | None:
    """Why members clash on case-insensitive or normalizing clients, or None."""
    seen: dict[str, str] = {}
    for member in members:
        earlier = seen.setdefault(fold(member), member)
        if earlier != member:
            return (
                f"{earlier!r} and {member!r} differ only in case or Unicode normalization: Windows and macOS"
                " clients see one name, so one output would hide the other; rename one"
            )
    return None


def _folder_bundle(name: str, files: list[str], first_spelling: str) -> Bundle:
    prefix = len(name) + 1
    tickets = [f for f in files if fold(f[prefix:]) == TICKET_NAME]
    markers = [f for f in files if fold(f[prefix:]) in _MARKER_NAMES]
    members = tuple(f for f in files if f not in tickets and f not in markers)
    conflict = _same_to_clients(members)
    if first_spelling != name:
        conflict = f"waiting for the folder {first_spelling}/ of the same name to be taken first"
    elif len(tickets) > 1:
        conflict = f"{len(tickets)} job tickets ({', '.join(tickets)}); keep one"
    ticket = tickets[0] if tickets else None
    return Bundle(name, "folder", members, ticket, markers[0] if markers else None, conflict)


def _file_bundle(files: list[str], folder_keys: dict[str, str]) -> Bundle:
    markers = [f for f in files if fold(f) in _MARKER_NAMES or fold(f).endswith(_MARKER_SUFFIXES)]
    members = tuple(f for f in files if f not in markers)
    name = stem(files[0])
    conflict = _same_to_clients(members)
    if any(fold(f) == TICKET_NAME for f in members):
        conflict = f"{TICKET_NAME} only works inside a folder: move it into the folder it is for"
    elif fold(name) in folder_keys:
        conflict = f"waiting for the folder {folder_keys[fold(name)]}/ of the same name to be taken first"
    return Bundle(name, "file", members, None, markers[0] if markers else None, conflict)
