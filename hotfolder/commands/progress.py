"""How far an engine is through a file, for the API's `progress_current`/`progress_total`.

An engine calls `report(task_index, current, total)` as it goes, or, when the code
that knows the count does not know the task (a recognizer deep in a pipeline),
`advance(current, total)` inside `working_on(task_index)`. Outside a worker (tests,
the CLI) nothing listens and the calls cost nothing; an engine that never calls
them leaves the file's progress empty, as before. Counts are utterances for the
CHAT-in commands and seconds of the recording for transcribe (see README).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Report = Callable[[int, int, int], None]  # (task index in the unit, current, total)


def _silent(index: int, current: int, total: int) -> None:
    return None


_listener: ContextVar[Report] = ContextVar("hotfolder_progress_listener", default=_silent)
_file_in_hand: ContextVar[int | None] = ContextVar("hotfolder_progress_file", default=None)


def report(index: int, current: int, total: int) -> None:
    """The file at task `index` is `current` of `total` through (clamped: never past its total)."""
    total = max(0, int(total))
    _listener.get()(index, max(0, min(int(current), total)), total)


def advance(current: int, total: int) -> None:
    """`report` for the file named by the enclosing `working_on`; nothing outside one."""
    index = _file_in_hand.get()
    if index is not None:
        report(index, current, total)


@contextmanager
def working_on(index: int) -> Iterator[None]:
    token = _file_in_hand.set(index)
    try:
        yield
    finally:
        _file_in_hand.reset(token)


@contextmanager
def listening(listener: Report) -> Iterator[None]:
    """Send the reports made inside to `listener` (the worker's pipe, a test's list)."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
