"""Content checks that tell a finished file from one still being written.

Settling alone is not enough: an SMB client may pre-size a file, and a
recorder may pause longer than `settle_s`. So a settled `.cha` must end with
`@End`, and a settled WAV's header must announce exactly the bytes on disk.
Only the ends of a file are read, never the whole of it. A file that cannot
be read (vanished, permissions, I/O error) gets a reason, never an exception.

Decisions:
- `.cha`: the last non-blank line must be exactly `@End` (trailing spaces,
  tabs, CR and LF are ignored; NUL padding is not, since it is what a
  pre-sized file holds before its data arrives). UTF-16 files with a BOM are
  read in their own encoding.
- `.wav`: RIFF (and big-endian RIFX) need `riff_size + 8 == file size`, or one
  byte more when `riff_size` is odd (writers that add the pad byte without
  counting it). RF64 and BW64 (files over 4 GiB) take the size from the
  `ds64` chunk. A file that starts with anything else gets a reason too: it
  cannot be told apart from a header not yet written, and no engine could
  read it; the reason shows in the folder's status.
- Every other file: no content check.
"""

from __future__ import annotations

import os
import stat
import struct
from pathlib import Path
from typing import BinaryIO

_TAIL = 4096
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def incomplete_reason(path: Path) -> str | None:
    """Why `path` does not look finished yet, or None when it does."""
    suffix = path.suffix.casefold()
    if suffix not in (".cha", ".wav"):
        return None
    try:
        # The scan saw a regular file, but it may have been swapped since: a FIFO opened
        # plainly would stall the daemon's loop, a link would be read through.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode):
                return "not a regular file"
            return _cha_reason(f, st.st_size) if suffix == ".cha" else _wav_reason(f, st.st_size)
    except OSError as e:
        return f"cannot be read: {e.strerror or e}"


def _cha_reason(f: BinaryIO, size: int) -> str | None:
    encoding = _UTF16_BOMS.get(_read_at(f, 0, 2), "utf-8")
    width = 1 if encoding == "utf-8" else 2
    length = _TAIL
    while True:
        # Read back from the end until the tail holds a whole last line.
        start = max(0, size - length)
        start -= start % width  # stay on UTF-16 code unit boundaries
        text = _read_at(f, start, size - start).decode(encoding, errors="replace")
        text = text.lstrip("\ufeff").rstrip(" \t\r\n")
        if "\n" in text or start == 0:
            break
        length *= 2
    if text.rsplit("\n", 1)[-1].rstrip(" \t\r") == "@End":
        return None
    return "CHAT file does not end with @End yet"


def _read_at(f: BinaryIO, offset: int, length: int) -> bytes:
    f.seek(offset)
    return f.read(length)


def _wav_reason(f: BinaryIO, size: int) -> str | None:
    header = _read_at(f, 0, 12)
    if len(header) < 12:
        return f"WAV header incomplete ({size} bytes on disk)"
    magic, form = header[:4], header[8:12]
    if form != b"WAVE" or magic not in (b"RIFF", b"RIFX", b"RF64", b"BW64"):
        return "not a RIFF/WAVE file (or its header is not written yet)"
    announced: int
    if magic in (b"RF64", b"BW64"):
        ds64 = _read_at(f, 12, 16)
        if len(ds64) < 16 or ds64[:4] != b"ds64":
            return f"{magic.decode()} header incomplete: no ds64 chunk"
        announced = struct.unpack("<Q", ds64[8:16])[0]
    else:
        announced = struct.unpack("<I" if magic == b"RIFF" else ">I", header[4:8])[0]
    if size == announced + 8 or (announced % 2 == 1 and size == announced + 9):
        return None
    return f"WAV header announces {announced + 8} bytes, file has {size}"
