"""Durable, atomic file writes: temp name, fsync, rename, fsync the folder."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from hotfolder.errors import HotfolderError
from hotfolder.outbox.folders import open_folder
from hotfolder.outbox.names import NAME_MAX

TEMP_PREFIX = ".hf-tmp-"  # the watcher ignores `.hf-*`, so a chained inbox never takes a partial file


class OutboxWriteError(HotfolderError):
    """Writing a result failed (disk full, permissions, share gone); the file is not done."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.error = error
        super().__init__(f"cannot write {path}: {error.strerror or error}")


def fsync_dirs(folders: set[Path]) -> None:
    """Make renames into these folders durable (one fsync each, however many files landed)."""
    for folder in folders:
        _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some network filesystems refuse to open folders; the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _temp_name(name: str) -> str:
    # Unique by its random part; the name is only a hint, cut so the whole fits 255 bytes (outbox.names).
    whole = f"{TEMP_PREFIX}{uuid.uuid4().hex[:12]}-{name}".encode("utf-8", "surrogateescape")
    return whole[:NAME_MAX].decode("utf-8", "ignore")


def _folder_of(path: Path, root: Path | None) -> int:
    """An fd of `path`'s folder, entered from `root` (default: that folder itself) without links."""
    if root is None:
        return open_folder(path.parent, ())
    return open_folder(root, path.parent.relative_to(root).parts)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


@contextmanager
def _atomic_file(path: Path, sync_dir: bool, root: Path | None) -> Iterator[BinaryIO]:
    """An open temporary beside `path`; on success it is fsynced and renamed over `path`.

    Every step goes through the folder's fd: no component below `root` is
    followed if it is a link, and a link at `path` itself is replaced, not written through.
    """
    try:
        folder = _folder_of(path, root)
    except OSError as error:
        raise OutboxWriteError(path, error) from error
    tmp = _temp_name(path.name)
    try:
        out = os.fdopen(os.open(tmp, _NEW_FILE, 0o666, dir_fd=folder), "wb")
        try:
            with out:
                yield out
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp, dir_fd=folder)
            raise
        if sync_dir:
            with suppress(OSError):  # some network filesystems refuse it; the rename is still atomic
                os.fsync(folder)
    except OSError as error:
        raise OutboxWriteError(path, error) from error
    finally:
        os.close(folder)


def write_atomic(path: Path, data: bytes, *, root: Path | None = None, sync_dir: bool = True) -> None:
    """Write `data` to `path` so that a reader sees the old file or the whole new one.

    Folders between `root` and `path` are created and entered without following
    links. With `sync_dir=False` the caller fsyncs the folder itself (see
    `fsync_dirs`) before relying on the rename, so many files into one folder
    cost one folder fsync.
    """
    with _atomic_file(path, sync_dir, root) as out:
        out.write(data)


_SOURCE = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _open_source(src: Path) -> BinaryIO:
    """`src` opened for reading if it is a regular file (no link, no FIFO to wait on); raises OSError."""
    fd = os.open(src, _SOURCE)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"{src} is not a regular file")
    return os.fdopen(fd, "rb")


def copy_atomic(src: Path, dst: Path, *, root: Path | None = None, chunk: int = 1 << 20, sync_dir: bool = True) -> str:
    """Copy `src` to `dst` atomically and durably (times and mode kept); returns the sha256 of what was copied."""
    digest = hashlib.sha256()
    try:
        with _atomic_file(dst, sync_dir, root) as out, _open_source(src) as inp:
            while block := inp.read(chunk):
                digest.update(block)
                out.write(block)
            out.flush()  # before the times are set: a later write would move them again
            st = os.fstat(inp.fileno())
            os.utime(out.fileno(), ns=(st.st_atime_ns, st.st_mtime_ns))
            os.chmod(out.fileno(), stat.S_IMODE(st.st_mode))
    except OSError as error:  # opening or reading the source failed
        raise OutboxWriteError(dst, error) from error
    return digest.hexdigest()


def move_durably(src: Path, dst: Path, *, root: Path | None = None) -> None:
    """Move a file, across filesystems if need be; the source goes only once the copy is durable."""
    try:
        folder = _folder_of(dst, root)
    except OSError as error:
        raise OutboxWriteError(dst, error) from error
    try:
        os.replace(src, dst.name, dst_dir_fd=folder)
        with suppress(OSError):
            os.fsync(folder)
        return
    except OSError as error:
        if error.errno != errno.EXDEV:  # different filesystems: copy, then remove
            raise OutboxWriteError(dst, error) from error
    finally:
        os.close(folder)
    copy_atomic(src, dst, root=root)
    src.unlink()
