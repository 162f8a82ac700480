"""Writing under the outbox, failed/ and staging: no link is followed, a file in a folder's way fails that write alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hotfolder.outbox.atomic import TEMP_PREFIX, OutboxWriteError, copy_atomic, move_durably, write_atomic


@pytest.fixture
def outbox(tmp_path: Path) -> Path:
    root = tmp_path / "outbox"
    root.mkdir()
    (tmp_path / "elsewhere").mkdir()
    return root


def test_nested_folders_are_created(outbox: Path) -> None:
    write_atomic(outbox / "PWA" / "deep" / "a.cha", b"A", root=outbox)
    assert (outbox / "PWA" / "deep" / "a.cha").read_bytes() == b"A"
    assert not [p for p in outbox.rglob("*") if p.name.startswith(TEMP_PREFIX)]


def test_a_linked_folder_in_the_outbox_is_not_written_through(outbox: Path) -> None:
    elsewhere = outbox.parent / "elsewhere"
    os.symlink(elsewhere, outbox / "SYM")
    with pytest.raises(OutboxWriteError) as caught:
        write_atomic(outbox / "SYM" / "a.cha", b"A", root=outbox)
    assert str(caught.value) == (
        f"cannot write {outbox}/SYM/a.cha: {outbox}/SYM is a symbolic link; hotfolder follows no link inside its folders"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_link_deeper_down_is_refused_too(outbox: Path) -> None:
    (outbox / "PWA").mkdir()
    os.symlink(outbox.parent / "elsewhere", outbox / "PWA" / "sub")
    with pytest.raises(OutboxWriteError, match="PWA/sub is a symbolic link"):
        write_atomic(outbox / "PWA" / "sub" / "a.cha", b"A", root=outbox)
    with pytest.raises(OutboxWriteError, match="PWA/sub is a symbolic link"):
        copy_atomic(outbox / "PWA" / "sub" / "x", outbox / "PWA" / "sub" / "y", root=outbox)


def test_a_link_at_the_file_itself_is_replaced_not_followed(outbox: Path) -> None:
    secret = outbox.parent / "elsewhere" / "secret"
    secret.write_bytes(b"keep me")
    os.symlink(secret, outbox / "a.cha")
    write_atomic(outbox / "a.cha", b"A", root=outbox)
    assert secret.read_bytes() == b"keep me"
    assert not (outbox / "a.cha").is_symlink() and (outbox / "a.cha").read_bytes() == b"A"


def test_a_plain_file_where_a_folder_must_go_fails_that_write_alone(outbox: Path) -> None:
    # This raised NotADirectoryError from the writer's clean-up, which crashed the daemon at every restart.
    (outbox / "PWA").write_bytes(b"a user's file")
    with pytest.raises(OutboxWriteError) as caught:
        write_atomic(outbox / "PWA" / "a.cha", b"A", root=outbox)
    assert str(caught.value) == f"cannot write {outbox}/PWA/a.cha: {outbox}/PWA is a file, not a folder"
    assert (outbox / "PWA").read_bytes() == b"a user's file"
    with pytest.raises(OutboxWriteError, match="PWA is a file, not a folder"):
        write_atomic(outbox / "PWA" / "a.cha", b"A")  # without a root: the same, not a crash


def test_a_folder_where_the_file_must_go_leaves_no_temp(outbox: Path) -> None:
    (outbox / "a.cha").mkdir()
    with pytest.raises(OutboxWriteError, match=r"a\.cha"):
        write_atomic(outbox / "a.cha", b"A", root=outbox)
    assert os.listdir(outbox) == ["a.cha"]


def test_a_source_that_is_a_link_or_a_fifo_is_not_read(outbox: Path) -> None:
    inbox = outbox.parent / "inbox"
    inbox.mkdir()
    secret = outbox.parent / "elsewhere" / "secret"
    secret.write_bytes(b"secret")
    os.symlink(secret, inbox / "link.txt")
    os.mkfifo(inbox / "pipe.txt")  # opened plainly, this would wait for a writer forever
    for name in ("link.txt", "pipe.txt"):
        with pytest.raises(OutboxWriteError):
            copy_atomic(inbox / name, outbox / name, root=outbox)
    assert os.listdir(outbox) == []


def test_copy_keeps_times_and_digest(outbox: Path) -> None:
    source = outbox.parent / "src.txt"
    source.write_bytes(b"hello")
    os.utime(source, ns=(1_000_000_000, 2_000_000_000))
    digest = copy_atomic(source, outbox / "A" / "src.txt", root=outbox)
    assert digest == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert (outbox / "A" / "src.txt").stat().st_mtime_ns == 2_000_000_000


def test_move_into_a_linked_archive_folder_is_refused(outbox: Path) -> None:
    source = outbox.parent / "src.txt"
    source.write_bytes(b"x")
    os.symlink(outbox.parent / "elsewhere", outbox / "SYM")
    with pytest.raises(OutboxWriteError, match="SYM is a symbolic link"):
        move_durably(source, outbox / "SYM" / "src.txt", root=outbox)
    assert source.exists()
    move_durably(source, outbox / "B" / "src.txt", root=outbox)
    assert (outbox / "B" / "src.txt").read_bytes() == b"x" and not source.exists()
