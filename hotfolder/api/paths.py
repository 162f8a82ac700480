"""Deciding whether a requested results path may be served: never anything outside the outbox."""

from __future__ import annotations

from pathlib import PurePosixPath

from hotfolder.errors import HotfolderError


class UnsafeResultPath(HotfolderError):
    """A results path that could name something outside the job's outbox."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"results path {path!r} {reason}")


def unsafe_reason(path: str) -> str | None:
    """Why `path` is not a plain relative path of named segments, or None when it is."""
    # The router has already percent-decoded the URL, so "%2e%2e/" arrives here as "../".
    if not path:
        return "is empty"
    if "\x00" in path:
        return "contains a NUL byte"
    if "\\" in path:
        return "contains a backslash; use forward slashes"
    if path.startswith("/"):
        return "is absolute"
    if any(part in ("", ".", "..") for part in path.split("/")):
        return "has an empty, '.' or '..' segment"
    return None


def checked_relative(path: str) -> PurePosixPath:
    """`path` as a plain relative path of named segments; raise UnsafeResultPath otherwise."""
    reason = unsafe_reason(path)
    if reason is not None:
        raise UnsafeResultPath(path, reason)
    return PurePosixPath(path)
