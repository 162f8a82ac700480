"""One outcome per file for the acoustic engines, which take their recordings one at a time."""

from __future__ import annotations

from collections.abc import Callable

from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.errors import FileFailure


def each_file(tasks: list[FileTask], handle: Callable[[FileTask], FileResult]) -> list[Outcome]:
    """`handle` each task in order; a FileFailure it raises becomes that file's outcome alone."""
    outcomes: list[Outcome] = []
    for task in tasks:
        try:
            outcomes.append(handle(task))
        except FileFailure as failure:
            outcomes.append(failure)
    return outcomes
