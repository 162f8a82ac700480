"""The per-file fallback the text commands share: one bad file in a batch fails alone."""

from __future__ import annotations

from hotfolder.commands.base import Outcome
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.errors import FailureCategory, FileFailure


def shout(items: list[tuple[int, str]]) -> list[str]:
    if any(text == "boom" for _, text in items):
        raise ValueError("cannot say boom")
    return [text.upper() for _, text in items]


def test_one_call_when_nothing_breaks() -> None:
    calls: list[int] = []

    def run(items: list[tuple[int, str]]) -> list[str]:
        calls.append(len(items))
        return shout(items)

    outcomes: dict[int, Outcome] = {}
    items = [(0, "a"), (0, "b"), (1, "c")]
    assert per_file_fallback(run, items, lambda item: item[0], outcomes, "shouter") == ["A", "B", "C"]
    assert calls == [3] and outcomes == {}


def test_a_breaking_file_fails_alone() -> None:
    outcomes: dict[int, Outcome] = {}
    items = [(0, "a"), (1, "b"), (1, "boom"), (2, "c")]
    assert per_file_fallback(shout, items, lambda item: item[0], outcomes, "shouter") == ["A", None, None, "C"]
    failure = outcomes[1]
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.PROVIDER_TERMINAL
    assert failure.message == "shouter failed on this file: ValueError('cannot say boom')"
    assert set(outcomes) == {1}
