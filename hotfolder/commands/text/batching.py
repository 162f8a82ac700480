"""Running an engine over a batch that spans files, so that one bad file fails alone, reporting progress."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from itertools import groupby
from typing import TypeVar

from hotfolder.commands import progress
from hotfolder.commands.base import Outcome
from hotfolder.errors import FailureCategory, FileFailure

# Items per engine call when a batch reports progress: big enough that the engine's own
# batching (spaCy's pipe) keeps its speed, small enough that a long file moves often.
# Not translate: each apertium call starts its pipeline anew, 2.5x slower in chunks
# (bench/progress_chunk.py), and it does ~2800 utterances a second anyway.
PROGRESS_CHUNK = 256

Item = TypeVar("Item")
Result = TypeVar("Result")


def per_file_fallback(
    run: Callable[[list[Item]], Sequence[Result]],
    items: list[Item],
    file_of: Callable[[Item], int],
    outcomes: dict[int, Outcome],
    engine: str,
    *,
    chunk: int = 0,
) -> list[Result | None]:
    """`run` over all items in one call; if that raises, file by file (a file's items are contiguous).

    A file whose own call raises gets a provider_terminal failure in `outcomes`
    and None for each of its items; the others still get their results.
    With `chunk`, `run` takes that many items at a time, and after each run every
    file in it reports its items done out of its items in this call (`progress`):
    the engine's batches stay large, and a long file shows how far it is.
    """
    if chunk <= 0:
        return _fallback(run, items, file_of, outcomes, engine)
    totals, done = Counter(map(file_of, items)), Counter[int]()
    results: list[Result | None] = []
    for start in range(0, len(items), chunk):
        part = items[start : start + chunk]
        results.extend(_fallback(run, part, file_of, outcomes, engine))
        for file, count in Counter(map(file_of, part)).items():
            done[file] += count
            progress.report(file, done[file], totals[file])
    return results


def _fallback(
    run: Callable[[list[Item]], Sequence[Result]],
    items: list[Item],
    file_of: Callable[[Item], int],
    outcomes: dict[int, Outcome],
    engine: str,
) -> list[Result | None]:
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
