"""Durable, atomic file writes: temp name, fsync, rename, fsync the folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from hotfolder.errors import HotfolderError

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


def _temp_beside(path: Path) -> Path:
    return path.with_name(f"{TEMP_PREFIX}{uuid.uuid4().hex[:12]}-{path.name}")


@contextmanager
def _atomic_file(path: Path, sync_dir: bool) -> Iterator[BinaryIO]:
    """An open temporary beside `path`; on success it is fsynced and renamed over `path`."""
    tmp = _temp_beside(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
        if sync_dir:
            _fsync_dir(path.parent)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise OutboxWriteError(path, error) from error


def write_atomic(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Write `data` to `path` so that a reader sees the old file or the whole new one.

    With `sync_dir=False` the caller fsyncs the folder itself (see `fsync_dirs`) before
    relying on the rename, so many files into one folder cost one folder fsync.
    """
    with _atomic_file(path, sync_dir) as out:
        out.write(data)


def copy_atomic(src: Path, dst: Path, *, chunk: int = 1 << 20, sync_dir: bool = True) -> str:
    """Copy `src` to `dst` atomically and durably (times kept); returns the sha256 of what was copied."""
    digest = hashlib.sha256()
    try:
        with _atomic_file(dst, sync_dir) as out, open(src, "rb") as inp:
            while block := inp.read(chunk):
                digest.update(block)
                out.write(block)
            shutil.copystat(src, out.name)
    except OSError as error:  # reading the source failed
        raise OutboxWriteError(dst, error) from error
    return digest.hexdigest()


def move_durably(src: Path, dst: Path) -> None:
    """Move a file, across filesystems if need be; the source goes only once the copy is durable."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(src, dst)
        _fsync_dir(dst.parent)
        return
    except OSError as error:
        if error.errno != 18:  # EXDEV: different filesystems
            raise OutboxWriteError(dst, error) from error
    copy_atomic(src, dst)
    src.unlink()
