"""Media resolution: the pure search order (tables) and the same search on real folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.commands.base import FileTask
from hotfolder.commands.media import (
    MEDIA_EXTENSIONS,
    find_media,
    is_media,
    media_names,
    recording_input,
    resolve_media,
    root_folders,
)
from hotfolder.errors import FailureCategory, FileFailure


@pytest.mark.parametrize(
    ("stem", "media", "expected"),
    [
        ("x", None, ["x"]),
        ("x", "x", ["x"]),
        ("x", "rec01", ["rec01", "x"]),
        ("x", " rec01 ", ["rec01", "x"]),
        ("x", "rec01.wav", ["rec01", "x"]),
        ("x", "rec.v2", ["rec.v2", "x"]),  # not a media extension: part of the name
        ("x", "sub/rec01", ["rec01", "x"]),
        ("x", "C:\\media\\rec01.MP3", ["rec01", "x"]),
        ("x", "..", ["x"]),
        ("x", "", ["x"]),
    ],
)
def test_media_names(stem: str, media: str | None, expected: list[str]) -> None:
    assert media_names(stem, media) == expected


@pytest.mark.parametrize(
    ("display", "roots", "expected"),
    [
        ("x.cha", ["/m"], ["/m"]),
        ("PWA/x.cha", ["/m"], ["/m/PWA", "/m"]),
        ("a/b/x.cha", ["/m", "/n"], ["/m/a/b", "/m", "/n/a/b", "/n"]),
        ("a/x.cha", ["/m", "/m"], ["/m/a", "/m"]),
        ("x.cha", [], []),
    ],
)
def test_root_folders(display: str, roots: list[str], expected: list[str]) -> None:
    assert root_folders(display, [Path(r) for r in roots]) == [Path(e) for e in expected]


def _resolve(display: str, names: list[str], companions: list[str], roots: list[str], present: list[str]) -> str:
    found = resolve_media(
        display,
        names,
        {key: Path("/staged") / key for key in companions},
        [Path(r) for r in roots],
        lambda path: str(path) in present,
    )
    return str(found) if isinstance(found, Path) else "missing"


@pytest.mark.parametrize(
    ("display", "names", "companions", "roots", "present", "expected"),
    [
        # beside the transcript in the bundle wins over any root
        ("x.cha", ["x"], ["x.mp3"], ["/m"], ["/m/x.wav"], "/staged/x.mp3"),
        ("P/x.cha", ["x"], ["P/x.wav", "x.wav"], [], [], "/staged/P/x.wav"),
        # not beside: a member in another folder is not the recording
        ("P/x.cha", ["x"], ["x.wav"], [], [], "missing"),
        # extension case does not matter in the bundle
        ("x.cha", ["x"], ["x.WAV"], [], [], "/staged/x.WAV"),
        # extension preference: wav before mp3 before m4a
        ("x.cha", ["x"], ["x.m4a", "x.mp3"], [], [], "/staged/x.mp3"),
        ("x.cha", ["x"], [], ["/m"], ["/m/x.mp4", "/m/x.flac"], "/m/x.flac"),
        # @Media name before the stem, in the same place
        ("x.cha", ["rec", "x"], ["x.wav", "rec.mp3"], [], [], "/staged/rec.mp3"),
        # ... but a nearer place wins over a better name
        ("x.cha", ["rec", "x"], ["x.wav"], ["/m"], ["/m/rec.wav"], "/staged/x.wav"),
        # mirrored before flat, first root before the next
        ("P/x.cha", ["x"], [], ["/m"], ["/m/x.wav", "/m/P/x.ogg"], "/m/P/x.ogg"),
        ("P/x.cha", ["x"], [], ["/m", "/n"], ["/n/P/x.wav", "/m/x.mp3"], "/m/x.mp3"),
        ("P/x.cha", ["x"], [], ["/m", "/n"], ["/n/P/x.wav"], "/n/P/x.wav"),
        ("x.cha", ["x"], [], ["/m"], [], "missing"),
    ],
)
def test_resolve_order(
    display: str, names: list[str], companions: list[str], roots: list[str], present: list[str], expected: str
) -> None:
    assert _resolve(display, names, companions, roots, present) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("x.wav", True), ("a/x.MP4", True), ("x.m4a", True), ("x.cha", False), ("wav", False), ("x.wav.txt", False)],
)
def test_is_media(name: str, expected: bool) -> None:
    assert is_media(name) is expected


def test_extension_order_is_the_documented_one() -> None:
    assert MEDIA_EXTENSIONS == ("wav", "mp3", "flac", "ogg", "m4a", "mp4")


# -- real folders ----------------------------------------------------------------


def _task(tmp_path: Path, display: str, members: list[str], roots: list[Path]) -> FileTask:
    staged = tmp_path / "staged"
    for member in [display, *members]:
        (staged / member).parent.mkdir(parents=True, exist_ok=True)
        (staged / member).write_bytes(b"data")
    companions = {member: staged / member for member in members}
    return FileTask(display, staged / display, "eng", companions, tuple(roots))


def test_real_bundle_member(tmp_path: Path) -> None:
    task = _task(tmp_path, "PWA/x.cha", ["PWA/x.wav"], [])
    assert find_media(task) == tmp_path / "staged/PWA/x.wav"


def test_real_mapping_root_mirrored_then_media_root_flat(tmp_path: Path) -> None:
    lab, shared = tmp_path / "lab", tmp_path / "shared"
    (lab / "PWA").mkdir(parents=True)
    shared.mkdir()
    (shared / "rec7.mp3").write_bytes(b"x")
    task = _task(tmp_path, "PWA/x.cha", [], [lab, shared])
    assert find_media(task, "rec7") == shared / "rec7.mp3"
    (lab / "x.mp4").write_bytes(b"x")
    assert find_media(task, "rec7") == lab / "x.mp4"  # the mapping root is nearer than media_roots
    (lab / "PWA" / "x.flac").write_bytes(b"x")
    assert find_media(task, "rec7") == lab / "PWA" / "x.flac"  # mirrored before flat
    (lab / "PWA" / "rec7.ogg").write_bytes(b"x")
    assert find_media(task, "rec7") == lab / "PWA" / "rec7.ogg"  # the @Media name before the stem


def test_a_folder_named_like_a_recording_is_not_one(tmp_path: Path) -> None:
    root = tmp_path / "m"
    (root / "x.wav").mkdir(parents=True)
    (root / "x.mp3").write_bytes(b"x")
    assert find_media(_task(tmp_path, "x.cha", [], [root])) == root / "x.mp3"


def test_missing_lists_every_place(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    lab.mkdir()
    task = _task(tmp_path, "PWA/x.cha", ["PWA/notes.txt"], [lab])
    with pytest.raises(FileFailure) as caught:
        find_media(task, "rec7")
    failure = caught.value
    assert failure.category is FailureCategory.INPUT_MISSING
    exts = "{wav,mp3,flac,ogg,m4a,mp4}"
    assert failure.message == (
        f"no recording found for PWA/x.cha; searched bundle: PWA/rec7.{exts}, PWA/x.{exts}; "
        f"{lab}/PWA/rec7.{exts}, {lab}/PWA/x.{exts}; {lab}/rec7.{exts}, {lab}/x.{exts}"
    )


def test_recording_input(tmp_path: Path) -> None:
    task = _task(tmp_path, "a/x.m4a", [], [])
    assert recording_input(task) == task.input_path
    task.input_path.unlink()
    with pytest.raises(FileFailure) as missing:
        recording_input(task)
    assert missing.value.category is FailureCategory.INPUT_MISSING
    with pytest.raises(FileFailure) as wrong:
        recording_input(_task(tmp_path, "x.cha", [], []))
    assert wrong.value.category is FailureCategory.VALIDATION
    assert "x.cha is not a recording" in wrong.value.message
