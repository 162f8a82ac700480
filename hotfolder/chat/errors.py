"""What the CHAT library reports: a raised `ChatError` or a listed `ChatIssue`."""

from __future__ import annotations

from dataclasses import dataclass

from hotfolder.errors import HotfolderError


def _render(message: str, line: int | None, code: str | None) -> str:
    head = [f"line {line}"] if line is not None else []
    if code:
        head.append(code)
    return ": ".join([*head, message])


class ChatError(HotfolderError):
    """A CHAT file cannot be read or a writer was asked for something CHAT cannot hold.

    `code` is a CLAN CHECK number written as `"CHECK 86"` when one applies.
    """

    def __init__(self, message: str, line: int | None = None, code: str | None = None) -> None:
        self.message = message
        self.line = line
        self.code = code
        super().__init__(_render(message, line, code))


@dataclass(frozen=True, slots=True)
class ChatIssue:
    """One validation finding: a CLAN CHECK code, its message and the 1-based line."""

    code: str
    message: str
    line: int

    def __str__(self) -> str:
        return _render(self.message, self.line, self.code)

    def to_error(self) -> ChatError:
        return ChatError(self.message, self.line, self.code)


def check_code(number: int) -> str:
    """The code string of a CLAN CHECK error number (`check_code(82) == "CHECK 82"`)."""
    return f"CHECK {number}"
