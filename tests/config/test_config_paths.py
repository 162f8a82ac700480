"""The pure path rules: absolute paths and dangerous overlaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.config.paths import FolderPath, FolderRole, absolute, find_overlap

IN, OUT, FAILED, ARCHIVE = FolderRole.INBOX, FolderRole.OUTBOX, FolderRole.FAILED, FolderRole.ARCHIVE


@pytest.mark.parametrize(
    ("path", "base", "expected"),
    [
        ("in", "/etc/hf", "/etc/hf/in"),
        ("./a/../b", "/etc/hf", "/etc/hf/b"),
        ("../demo/x", "/w/config", "/w/demo/x"),
        ("/abs/./p/", "/etc/hf", "/abs/p"),
    ],
)
def test_absolute(path: str, base: str, expected: str) -> None:
    assert absolute(Path(path), Path(base)) == Path(expected)


def entry(index: int, role: FolderRole, path: str) -> FolderPath:
    return FolderPath(index, f"f{index}", role, Path(path))


@pytest.mark.parametrize(
    ("entries", "collides"),
    [
        ([entry(0, IN, "/a/in"), entry(0, OUT, "/a/out"), entry(0, FAILED, "/a/failed")], None),
        ([entry(0, IN, "/a"), entry(0, OUT, "/a/out")], (1, 0)),
        ([entry(0, IN, "/a/in"), entry(0, OUT, "/a")], (1, 0)),
        ([entry(0, OUT, "/o"), entry(0, FAILED, "/o")], (1, 0)),
        ([entry(0, OUT, "/o"), entry(0, ARCHIVE, "/o/keep")], (1, 0)),
        # other folders may share non-inbox folders...
        ([entry(0, FAILED, "/f"), entry(1, FAILED, "/f"), entry(1, OUT, "/g/o")], None),
        # ...but never touch an inbox
        ([entry(0, IN, "/x/in"), entry(1, IN, "/x/in")], (1, 0)),
        ([entry(0, OUT, "/x"), entry(1, IN, "/x/in")], (1, 0)),
        ([entry(0, IN, "/x/in/deep"), entry(1, ARCHIVE, "/x/in")], (1, 0)),
        # siblings with a common prefix are not nested
        ([entry(0, IN, "/x/in"), entry(1, IN, "/x/inbox")], None),
    ],
)
def test_find_overlap(entries: list[FolderPath], collides: tuple[int, int] | None) -> None:
    found = find_overlap(entries)
    if collides is None:
        assert found is None
    else:
        assert found is not None
        assert (found.later, found.earlier) == (entries[collides[0]], entries[collides[1]])
        assert str(found.later.path) in found.reason and str(found.earlier.path) in found.reason
