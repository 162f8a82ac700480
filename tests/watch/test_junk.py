"""Junk names: OS metadata, sync and download temp files, hidden files, any path component."""

from __future__ import annotations

import pytest

from hotfolder.watch.junk import DEFAULT_JUNK, is_junk


@pytest.mark.parametrize(
    "name",
    [
        ".DS_Store",
        "._TYO_a1.cha",
        "Thumbs.db",
        "THUMBS.DB",
        "desktop.ini",
        "Desktop.INI",
        "~$report.docx",
        ".~lock.notes.odt#",
        "TYO_a1.wav.part",
        "TYO_a1.WAV.PART",
        "big.wav.crdownload",
        "x.tmp",
        "x.TMP",
        ".syncthing.TYO_a1.cha.tmp",
        "~syncthing~TYO_a1.cha.tmp",
        ".nfs000000000012345600000001",
        "@eaDir",
        "$RECYCLE.BIN",
        "$Recycle.Bin",
        ".hf-claim-1234",
        ".TYO_a1.cha.Xy12Ab",  # rsync's in-flight temp name
        "TYO_a1.cha~",
        "PWA/@eaDir/TYO_a1.cha",  # any component
        "PWA/.git/config",
        "PWA/sub/Thumbs.db",
        "$RECYCLE.BIN/S-1-5-21/x.cha",
    ],
)
def test_junk(name: str) -> None:
    assert is_junk(name)


@pytest.mark.parametrize(
    "name",
    [
        "TYO_a1.cha",
        "TYO_a1.wav",
        "X.cs.wav",
        "PWA/TYO_a1.cha",
        "PWA/hotfolder.yaml",
        "READY",
        "part.cha",  # "part" only junk as an extension
        "tmp/x.cha",
        "notes~draft.cha",
        "eaDir/x.cha",
        "café.cha",
        "2024.05.01 session.cha",
    ],
)
def test_not_junk(name: str) -> None:
    assert not is_junk(name)


@pytest.mark.parametrize(
    ("name", "extra", "junk"),
    [
        ("x.bak", ["*.bak"], True),
        ("X.BAK", ["*.bak"], True),  # folder globs are case-insensitive too
        ("PWA/scratch/x.cha", ["scratch"], True),
        ("PWA/x.cha", ["scratch"], False),
        ("x.cha", [], False),
    ],
)
def test_extra_globs(name: str, extra: list[str], junk: bool) -> None:
    assert is_junk(name, extra) is junk


def test_every_listed_default_is_in_the_tuple() -> None:
    assert {".DS_Store", "._*", "Thumbs.db", "desktop.ini", "~$*", ".~lock.*#", "*.part", "*.crdownload",
            "*.tmp", ".syncthing.*", "~syncthing~*", ".nfs*", "@eaDir", "$RECYCLE.BIN"} <= set(DEFAULT_JUNK)
