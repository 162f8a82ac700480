"""Which results paths may be asked for: a table of refusals (links are safe_open's business)."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from hotfolder.api.paths import UnsafeResultPath, checked_relative


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
