"""align reports utterances done as its windows run (one file per unit: `progress.advance`).

test.cha / test.mp3 come from TalkBank/batchalign3 (BSD-3-Clause), read from ../shared/corpus.
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from hotfolder.commands import progress
from hotfolder.commands.align.engine import AlignEngine
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.base import FileResult, FileTask

SUPPORT = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/formats/chat/support"


def test_align_reports_utterances_of_its_windows_in_order(tmp_path: Path) -> None:
    shutil.copy(SUPPORT / "test.cha", tmp_path / "test.cha")
    engine = AlignEngine(AlignOptions(), clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))
    seen: list[tuple[int, int, int]] = []
    with progress.listening(lambda *count: seen.append(count)), progress.working_on(0):
        [outcome] = engine.process([FileTask("test.cha", tmp_path / "test.cha", "eng", {"test.mp3": SUPPORT / "test.mp3"})])
    assert isinstance(outcome, FileResult), outcome
    assert seen, "align reported no progress"
    currents = [current for _, current, _ in seen]
    totals = {total for _, _, total in seen}
    assert {index for index, _, _ in seen} == {0}
    assert totals == {13}  # the clip's 13 utterances with words
    assert currents == sorted(currents) and currents[0] == 0 and currents[-1] < 13
