"""The text engines report utterances done per file as their batch runs, through the real engines."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.commands import progress
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.registry import Registry
from hotfolder.commands.text.batching import PROGRESS_CHUNK, per_file_fallback
from hotfolder.errors import FileFailure
from tests.support.transcripts import transcript


def test_chunked_runs_report_each_file_and_keep_a_bad_file_alone() -> None:
    items = [(0, n) for n in range(5)] + [(1, n) for n in range(4)] + [(2, n) for n in range(3)]
    calls: list[int] = []

    def run(chunk: list[tuple[int, int]]) -> list[int]:
        calls.append(len(chunk))
        if any(file == 1 for file, _ in chunk):
            raise RuntimeError("engine broke on file 1")
        return [n * 10 for _, n in chunk]

    outcomes: dict[int, Outcome] = {}
    seen: list[tuple[int, int, int]] = []
    with progress.listening(lambda *count: seen.append(count)):
        results = per_file_fallback(run, items, lambda item: item[0], outcomes, "test", chunk=4)
    assert results == [0, 10, 20, 30, 40, None, None, None, None, 0, 10, 20]
    assert list(outcomes) == [1] and isinstance(outcomes[1], FileFailure)
    # Chunks of 4 items: each file's count after each chunk it is in, out of its items.
    assert seen == [(0, 4, 5), (0, 5, 5), (1, 3, 4), (1, 4, 4), (2, 3, 3)]
    # Without a chunk: one call, no report (what callers that do not report get).
    seen.clear()
    with progress.listening(lambda *count: seen.append(count)):
        assert per_file_fallback(lambda chunk: [n for _, n in chunk], items[:5], lambda item: item[0], {}, "test") == [0, 1, 2, 3, 4]
    assert seen == []


@pytest.mark.parametrize("command", ["morphotag", "utseg"])
def test_real_engine_reports_utterances_of_each_file(command: str, tmp_path: Path) -> None:
    sizes = (PROGRESS_CHUNK * 2 + 17, 5)  # a long file and a short one, batched together
    tasks = []
    for index, size in enumerate(sizes):
        path = tmp_path / f"f{index}.cha"
        path.write_text(transcript(size))
        tasks.append(FileTask(path.name, path, "eng"))
    engine = Registry().get(command).load("eng", Registry().get(command).options_model())
    seen: list[tuple[int, int, int]] = []
    with progress.listening(lambda *count: seen.append(count)):
        outcomes = engine.process(tasks)
    assert all(isinstance(outcome, FileResult) for outcome in outcomes), outcomes
    # The total is the utterances the engine works on: every one for morphotag, those long
    # enough to split for utseg; it does not change while the file runs, and the count ends there.
    long = [(current, total) for index, current, total in seen if index == 0]
    total = long[0][1]
    assert total == sizes[0] if command == "morphotag" else 0 < total <= sizes[0]
    assert [t for _, t in long] == [total] * len(long)
    assert [current for current, _ in long] == sorted(current for current, _ in long)  # only forward
    assert len(long) >= 2 and long[-1] == (total, total)
    short = [(c, t) for i, c, t in seen if i == 1]
    assert short[-1][0] == short[-1][1] <= sizes[1]
