"""Log lines that a file name cannot forge: control and invisible format characters are escaped.

A drop named `a\\r\\nFAKE LOG LINE.cha` would otherwise start a line of its own in the
log, and a right-to-left override (U+202E) would show a name reversed. The values a
message is formatted with (file names, paths, error texts) are escaped as Python
would write them (`\\r`, `\\n`, `\\x1b`, `\\u202e`); the format strings, written by
us, are kept as they are. Installed once, as the process's log record factory.
"""

from __future__ import annotations

import logging
import traceback
import unicodedata
from collections.abc import Mapping
from typing import Any

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_KEPT = (int, float, bool, type(None))  # never carry text; %d and %.1f keep working


def is_hidden(char: str) -> bool:
    """A control (Cc: CR, LF, ESC, ...) or invisible format character (Cf: bidi overrides, zero widths)."""
    return unicodedata.category(char) in ("Cc", "Cf")


def escape_controls(text: str) -> str:
    if not any(is_hidden(char) for char in text):
        return text
    return "".join(_escape(char) if is_hidden(char) else char for char in text)


def _escape(char: str) -> str:
    code = ord(char)
    return _ESCAPES.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def escape_arg(value: Any) -> Any:
    if isinstance(value, _KEPT):
        return value
    text = str(value)
    escaped = escape_controls(text)
    return value if escaped == text else escaped


_TRACEBACK_PARTS = ("Traceback ", "  ", "\n", "During handling", "The above exception")


def escaped_traceback(exc_info: Any) -> str:
    """A traceback whose exception messages (which may quote a file name) are escaped, lines kept."""
    parts = traceback.format_exception(*exc_info)
    return "".join(
        part if part.startswith(_TRACEBACK_PARTS) else escape_controls(part.rstrip("\n")) + "\n" for part in parts
    ).rstrip("\n")


class EscapingLogRecord(logging.LogRecord):
    """A record whose formatting arguments (or whole message, when it has none) are escaped,
    and whose traceback, if any, has its exception messages escaped."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.exc_info and self.exc_info[0] is not None:
            self.exc_text = escaped_traceback(self.exc_info)  # what Formatter would compute, escaped

    def getMessage(self) -> str:
        if not self.args:
            return escape_controls(str(self.msg))
        if isinstance(self.args, Mapping):
            args: object = {key: escape_arg(value) for key, value in self.args.items()}
        else:
            args = tuple(escape_arg(value) for value in self.args)
        return str(self.msg) % args


def install() -> None:
    """Make every record of this process (ours, uvicorn's, the libraries') escape what it is given."""
    logging.setLogRecordFactory(EscapingLogRecord)
