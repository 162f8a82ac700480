"""Which results paths may be served: a table of refusals, and links out of the outbox."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

from hotfolder.api.paths import UnsafeResultPath, checked_relative, resolve_inside


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("", "is empty"),
        ("../x", "'..' segment"),
        ("a/../../x", "'..' segment"),
        ("a/..", "'..' segment"),
        ("./a.cha", "'..' segment"),
        ("a//b.cha", "empty"),
        ("a/", "empty"),
        ("/etc/passwd", "is absolute"),
        ("..\\x", "backslash"),
        ("a\\b.cha", "backslash"),
        ("a.cha\x00.txt", "NUL"),
    ],
)
def test_refused(path: str, reason: str) -> None:
    with pytest.raises(UnsafeResultPath, match=reason.replace("'", ".")) as caught:
        checked_relative(path)
    assert caught.value.path == path


@pytest.mark.parametrize("path", ["a.cha", "PWA/TYO_a1.cha", "x.compare.csv", "..a.cha", "a..b/c", "%2e%2e"])
def test_accepted(path: str) -> None:
    assert checked_relative(path) == PurePosixPath(path)


def test_resolve_inside(tmp_path: Path) -> None:
    root = tmp_path / "outbox"
    (root / "PWA").mkdir(parents=True)
    (root / "PWA" / "a.cha").write_text("@Begin\n")
    (tmp_path / "secret.txt").write_text("no")
    os.symlink(tmp_path / "secret.txt", root / "out.cha")
    os.symlink(tmp_path, root / "up")
    os.symlink(root / "PWA" / "a.cha", root / "alias.cha")

    assert resolve_inside(root, PurePosixPath("PWA/a.cha")) == (root / "PWA" / "a.cha").resolve()
    assert resolve_inside(root, PurePosixPath("alias.cha")) == (root / "PWA" / "a.cha").resolve()
    assert resolve_inside(root, PurePosixPath("out.cha")) is None
    assert resolve_inside(root, PurePosixPath("up/secret.txt")) is None
    assert resolve_inside(root, PurePosixPath("missing.cha")) is None
    assert resolve_inside(root, PurePosixPath("PWA")) is None  # a folder is not a result
