"""Typed exceptions: each keeps its fields and builds the user's message from them."""

from __future__ import annotations

from enum import StrEnum


class FailureCategory(StrEnum):
    """Why a file failed; mirrors batchalign3's `FailureCategory`."""

    VALIDATION = "validation"
    PARSE_ERROR = "parse_error"
    INPUT_MISSING = "input_missing"
    WORKER_CRASH = "worker_crash"
    WORKER_TIMEOUT = "worker_timeout"
    WORKER_PROTOCOL = "worker_protocol"
    PROVIDER_TRANSIENT = "provider_transient"
    PROVIDER_TERMINAL = "provider_terminal"
    MEMORY_PRESSURE = "memory_pressure"
    CANCELLED = "cancelled"
    SYSTEM = "system"


# Only these are worth another attempt: the input itself was not at fault.
RETRYABLE = frozenset(
    {
        FailureCategory.WORKER_CRASH,
        FailureCategory.WORKER_TIMEOUT,
        FailureCategory.PROVIDER_TRANSIENT,
        FailureCategory.MEMORY_PRESSURE,
    }
)


class HotfolderError(Exception):
    """Base of every error hotfolder raises on purpose; `str()` is the user's message."""


class ConfigError(HotfolderError):
    """A configuration file or job ticket is invalid."""

    def __init__(self, path: str, reason: str, *, key: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.key = key
        self.line = line
        where = path if line is None else f"{path}:{line}"
        what = f"{key}: " if key else ""
        super().__init__(f"{where}: {what}{reason}")


class FileFailure(HotfolderError):
    """One input file cannot be processed; carries what `failed/<name>.error.json` records."""

    def __init__(
        self,
        message: str,
        category: FailureCategory = FailureCategory.VALIDATION,
        *,
        codes: list[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.message = message
        self.category = category
        self.codes = list(codes or [])
        self.line = line
        super().__init__(message)

    @property
    def retryable(self) -> bool:
        return self.category in RETRYABLE

    def __reduce__(self) -> tuple[object, ...]:
        # Failures cross the worker pipe; keep every field through pickling.
        return (_rebuild_failure, (self.message, str(self.category), self.codes, self.line))


def _rebuild_failure(message: str, category: str, codes: list[str], line: int | None) -> FileFailure:
    return FileFailure(message, FailureCategory(category), codes=codes, line=line)


class CommandUnavailable(HotfolderError):
    """A command's engine is not installed or does not load on this host."""

    def __init__(self, command: str, reason: str) -> None:
        self.command = command
        self.reason = reason
        super().__init__(f"command {command!r} is unavailable: {reason}")
