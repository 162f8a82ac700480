"""Running an engine over a batch that spans files, so that one bad file fails alone."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TypeVar

from hotfolder.commands.base import Outcome
from hotfolder.errors import FailureCategory, FileFailure

Item = TypeVar("Item")
Result = TypeVar("Result")


def per_file_fallback(
    run: Callable[[list[Item]], Sequence[Result]],
    items: list[Item],
    file_of: Callable[[Item], int],
    outcomes: dict[int, Outcome],
    engine: str,
) -> list[Result | None]:
    """`run` over all items in one call; if that raises, file by file (a file's items are contiguous).

    A file whose own call raises gets a provider_terminal failure in `outcomes`
    and None for each of its items; the others still get their results.
    """
    try:
        return list(run(items))
    except Exception:  # noqa: BLE001 - retried below per file, where the error is reported
        pass
    results: list[Result | None] = []
    for file, group in groupby(items, key=file_of):
        chunk = list(group)
        try:
            results.extend(run(chunk))
        except Exception as exc:  # noqa: BLE001 - the file fails, the batch goes on
            outcomes[file] = FileFailure(f"{engine} failed on this file: {exc!r}", FailureCategory.PROVIDER_TERMINAL)
            results.extend([None] * len(chunk))
    return results
