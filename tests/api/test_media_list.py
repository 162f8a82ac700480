"""`/media/list`: recordings under media roots and mappings, cached, never outside them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.app import create_app
from hotfolder.api.errors import BadRequest
from hotfolder.api.media import MediaLister, walk_media

from .conftest import ConformsTo, Ledger, api_settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"RIFF")


@pytest.fixture
def media(tmp_path: Path) -> dict[str, Path]:
    """Two media roots and one mapping, with recordings, other files and links out."""
    outside = tmp_path / "outside"
    touch(outside, "secret.wav", "deep/secret2.mp3")
    roots = {"a": tmp_path / "roots" / "a", "b": tmp_path / "roots" / "b", "bank": tmp_path / "childes"}
    touch(roots["a"], "x.wav", "PWA/y.mp3", "PWA/y.cha", "notes.txt", "PWA/deeper/z.FLAC")
    touch(roots["b"], "x.wav", "other.m4a")
    touch(roots["bank"], "Eng/Brown/adam01.mp3", "Eng/Brown/adam01.cha", "Fra/f.ogg")
    os.symlink(outside, roots["a"] / "linked-out")  # a folder link: never entered
    os.symlink(outside / "secret.wav", roots["a"] / "PWA" / "looks-fine.wav")  # a file link out
    os.symlink(roots["a"] / "x.wav", roots["a"] / "PWA" / "inside-link.wav")  # a file link inside
    os.symlink(outside, roots["bank"] / "Eng" / "escape")
    return {**roots, "outside": outside}


def lister(media: dict[str, Path]) -> MediaLister:
    return MediaLister((media["a"], media["b"]), {"childes": media["bank"]}, ttl_s=60.0, clock=Clock())


def test_every_root_without_a_bank(media: dict[str, Path]) -> None:
    assert lister(media).list("", "") == ["inside-link.wav", "other.m4a", "x.wav", "y.mp3", "z.FLAC"]


def test_subdir_of_the_roots(media: dict[str, Path]) -> None:
    assert lister(media).list("", "PWA") == ["inside-link.wav", "y.mp3", "z.FLAC"]
    assert lister(media).list("", "PWA/deeper") == ["z.FLAC"]
    assert lister(media).list("", "missing") == []


def test_bank_and_subdir(media: dict[str, Path]) -> None:
    assert lister(media).list("childes", "") == ["adam01.mp3", "f.ogg"]
    assert lister(media).list("childes", "Eng/Brown") == ["adam01.mp3"]


def test_subdir_through_a_link_out_lists_nothing(media: dict[str, Path]) -> None:
    assert lister(media).list("childes", "Eng/escape") == []
    assert lister(media).list("", "linked-out") == []


@pytest.mark.parametrize(
    ("subdir", "reason"),
    [
        ("../outside", "has an empty, '.' or '..' segment"),
        ("Eng/../../outside", "has an empty, '.' or '..' segment"),
        ("/etc", "is absolute"),
        ("Eng\\Brown", "contains a backslash"),
        ("Eng\x00", "contains a NUL byte"),
    ],
)
def test_escaping_subdirs_are_refused(media: dict[str, Path], subdir: str, reason: str) -> None:
    with pytest.raises(BadRequest, match=f"subdir {subdir!r} {reason}".replace("\\", "\\\\")):
        lister(media).list("childes", subdir)


def test_unknown_bank_names_the_known_ones(media: dict[str, Path]) -> None:
    with pytest.raises(BadRequest, match="unknown media bank 'nope'; known banks: childes"):
        lister(media).list("nope", "")


def test_walk_is_reused_for_its_ttl(media: dict[str, Path]) -> None:
    clock = Clock()
    walks: list[Path] = []

    def counting_walk(folder: Path, root: Path) -> list[str]:
        walks.append(folder)
        return walk_media(folder, root)

    media_lister = MediaLister((), {"childes": media["bank"]}, ttl_s=60, clock=clock, walk=counting_walk)
    first = media_lister.list("childes", "")
    touch(media["bank"], "new.wav")
    clock.now += 59
    cached = media_lister.list("childes", "")
    clock.now += 1
    fresh = media_lister.list("childes", "")

    assert first == cached == ["adam01.mp3", "f.ogg"]
    assert fresh == ["adam01.mp3", "f.ogg", "new.wav"]
    assert walks == [media["bank"].resolve()] * 2


def test_over_http(ledger: Ledger, media: dict[str, Path], tmp_path: Path, conforms: ConformsTo) -> None:
    settings = api_settings(
        ledger.path, tmp_path / "state", media_roots=(media["a"],), media_mappings={"childes": media["bank"]}
    )
    client = TestClient(create_app(settings))

    listed = client.get("/media/list", params={"bank": "childes", "subdir": "Eng/Brown"})
    roots = client.get("/media/list")
    unknown = client.get("/media/list", params={"bank": "talkbank"})
    escape = client.get("/media/list", params={"subdir": "../outside"})

    assert listed.status_code == 200 and listed.json() == {"files": ["adam01.mp3"]}
    assert roots.json() == {"files": ["inside-link.wav", "x.wav", "y.mp3", "z.FLAC"]}
    assert unknown.status_code == 400
    assert unknown.json() == {"detail": "unknown media bank 'talkbank'; known banks: childes"}
    assert escape.status_code == 400 and "secret" not in escape.text
    conforms(unknown.json(), "ErrorResponse")


def test_nothing_configured_is_an_empty_list(client: TestClient) -> None:
    assert client.get("/media/list").json() == {"files": []}
    assert client.get("/media/list?bank=x").json() == {
        "detail": "unknown media bank 'x'; known banks: none configured"
    }
