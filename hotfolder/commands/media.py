"""Find the recording that belongs to a transcript (or check the recording a task is).

Search order for a transcript `PWA/x.cha`, nearest first:

1. the bundle: a member `PWA/<name>.<ext>` beside the transcript;
2. each root of `FileTask.media_search` (the folder's media_mapping root,
   then media_roots): mirrored `root/PWA/<name>.<ext>`, then flat `root/<name>.<ext>`.

`<name>` is the `@Media` name when the CHAT file gives one, then the file's
stem (a stale `@Media` still finds a recording named like the transcript).
Extensions are tried in `MEDIA_EXTENSIONS` order. The search plan is pure;
the filesystem probe is an argument, so the order is table-testable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hotfolder.commands.base import FileTask
from hotfolder.errors import FailureCategory, FileFailure

MEDIA_EXTENSIONS = ("wav", "mp3", "flac", "ogg", "m4a", "mp4")

Exists = Callable[[Path], bool]


@dataclass(frozen=True)
class Place:
    """One folder searched, for the failure message: `label` says which source it is."""

    label: str  # "bundle" or the root as given
    folder: str  # display path folder (bundle) or filesystem folder (root)


def is_media(display_path: str) -> bool:
    """True for a file name with one of the recording extensions (any case)."""
    return PurePosixPath(display_path).suffix[1:].lower() in MEDIA_EXTENSIONS


def media_names(stem: str, chat_media_name: str | None) -> list[str]:
    """Names to try, best first: the `@Media` name (its folder part dropped), then the stem."""
    names: list[str] = []
    if chat_media_name:
        name = PurePosixPath(chat_media_name.strip().replace("\\", "/")).name
        if PurePosixPath(name).suffix[1:].lower() in MEDIA_EXTENSIONS:
            name = PurePosixPath(name).stem  # `@Media: x.wav` names the file with its extension
        if name not in ("", ".", ".."):
            names.append(name)
    if stem not in names:
        names.append(stem)
    return names


def bundle_candidates(display_path: str, names: Sequence[str]) -> list[str]:
    """Display paths beside the transcript that would be its recording, best first."""
    folder = PurePosixPath(display_path).parent
    return [str(folder / f"{name}.{ext}") for name in names for ext in MEDIA_EXTENSIONS]


def root_folders(display_path: str, roots: Sequence[Path]) -> list[Path]:
    """For each root: the mirrored folder, then the root itself (once when they coincide)."""
    folder = PurePosixPath(display_path).parent
    found: list[Path] = []
    for root in roots:
        for candidate in (root.joinpath(*folder.parts), root):
            if candidate not in found:
                found.append(candidate)
    return found


def resolve_media(
    display_path: str,
    names: Sequence[str],
    companions: Mapping[str, Path],
    roots: Sequence[Path],
    exists: Exists,
) -> Path | list[Place]:
    """The recording's path, or the places searched when there is none."""
    by_lower = {key.lower(): path for key, path in companions.items()}
    for candidate in bundle_candidates(display_path, names):
        hit = by_lower.get(candidate.lower())  # `X.WAV` beside `X.cha` is still its recording
        if hit is not None:
            return hit
    folders = root_folders(display_path, roots)
    for folder in folders:
        for name in names:
            for ext in MEDIA_EXTENSIONS:
                path = folder / f"{name}.{ext}"
                if exists(path):
                    return path
    bundle_folder = str(PurePosixPath(display_path).parent)
    places = [Place("bundle", "" if bundle_folder == "." else bundle_folder)]
    return places + [Place("root", str(folder)) for folder in folders]


def describe_places(names: Sequence[str], places: Sequence[Place]) -> str:
    """`bundle: x.{wav,...}; /lab/PWA/x.{wav,...}` for the input_missing message."""
    exts = "{" + ",".join(MEDIA_EXTENSIONS) + "}"
    parts = []
    for place in places:
        prefix = f"{place.folder}/" if place.folder else ""
        files = ", ".join(f"{prefix}{name}.{exts}" for name in names)
        parts.append(f"bundle: {files}" if place.label == "bundle" else files)
    return "; ".join(parts)


def find_media(task: FileTask, chat_media_name: str | None = None, exists: Exists = Path.is_file) -> Path:
    """The recording of a transcript task; FileFailure(input_missing) listing the places searched."""
    stem = PurePosixPath(task.display_path).stem
    names = media_names(stem, chat_media_name)
    found = resolve_media(task.display_path, names, task.companions, task.media_search, exists)
    if isinstance(found, Path):
        return found
    raise FileFailure(
        f"no recording found for {task.display_path}; searched {describe_places(names, found)}",
        FailureCategory.INPUT_MISSING,
    )


def recording_input(task: FileTask, exists: Exists = Path.is_file) -> Path:
    """The task's own input as a recording (audio-only commands): checked, not searched."""
    if not is_media(task.display_path):
        raise FileFailure(
            f"{task.display_path} is not a recording (expected one of: {', '.join(MEDIA_EXTENSIONS)})",
            FailureCategory.VALIDATION,
        )
    if not exists(task.input_path):
        raise FileFailure(f"the recording {task.display_path} is missing", FailureCategory.INPUT_MISSING)
    return task.input_path
