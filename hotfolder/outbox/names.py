"""Names hotfolder derives from a drop's names (`x.receipt.json`, `x.cha.error.json`, temporaries).

A drop's name may use all 255 bytes a folder entry allows (NAME_MAX on Linux, SMB and NFS
servers alike); a suffix added to it must not make the derived name impossible to create,
or the drop could never end. A derived name that would be too long keeps the start of the
name, a `~` and 8 hex digits of the full name's hash, then the suffix: unique, still sorted
beside its drop, and the JSON inside names the drop in full.
"""

from __future__ import annotations

import hashlib

NAME_MAX = 255  # bytes in one path component


def fits(name: str) -> bool:
    return len(name.encode("utf-8", "surrogateescape")) <= NAME_MAX


def with_suffix_fitting(name: str, suffix: str) -> str:
    """`name + suffix`, shortened as the module says when it would exceed NAME_MAX bytes."""
    whole = name + suffix
    if fits(whole):
        return whole
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    room = NAME_MAX - len(suffix.encode("utf-8")) - len(digest) - 1
    head = name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore")
    return f"{head}~{digest}{suffix}"
