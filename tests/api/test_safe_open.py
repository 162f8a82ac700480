"""safe_open follows no link, opens no FIFO and serves only regular files under the root."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from hotfolder.api.safe_open import open_regular


def _read(root: Path, rel: str) -> bytes | None:
    fd = open_regular(root, PurePosixPath(rel))
    if fd is None:
        return None
    try:
        return os.read(fd, 1 << 16)
    finally:
        os.close(fd)


def test_regular_file_in_subfolder_opens(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.cha").write_bytes(b"@Begin\n")
    assert _read(tmp_path, "a/x.cha") == b"@Begin\n"


def test_links_fifos_and_folders_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_bytes(b"SECRET")
    root = tmp_path / "outbox"
    root.mkdir()
    (root / "link.cha").symlink_to(secret)
    (root / "dirlink").symlink_to(tmp_path)
    os.mkfifo(root / "pipe.cha")
    (root / "folder").mkdir()
    before = len(os.listdir("/proc/self/fd"))
    for rel in ("link.cha", "dirlink/secret", "pipe.cha", "folder", "missing"):
        assert _read(root, rel) is None, rel
    assert len(os.listdir("/proc/self/fd")) == before  # every refused walk closed its fds


def test_a_link_inside_the_root_is_refused_too(tmp_path: Path) -> None:
    # Outputs are never links: one pointing inside today can be re-pointed outside between two requests.
    (tmp_path / "a.cha").write_bytes(b"A")
    (tmp_path / "alias.cha").symlink_to(tmp_path / "a.cha")
    assert _read(tmp_path, "alias.cha") is None


def test_the_configured_root_may_be_a_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.cha").write_bytes(b"A")
    (tmp_path / "outbox").symlink_to(tmp_path / "real")  # as an admin may set the outbox up
    assert _read(tmp_path / "outbox", "a.cha") == b"A"


def test_paths_that_leave_the_root_are_refused(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "secret").write_bytes(b"S")
    for rel in ("/etc/passwd", "../secret", "."):
        assert _read(tmp_path / "root", rel) is None, rel
