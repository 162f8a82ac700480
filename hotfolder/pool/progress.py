"""What a worker has reported about the unit it runs: files in hand, outcomes so far (parent side)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hotfolder.commands.base import Outcome
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.messages import FileEnded, FileProgress, FilesStarted
from hotfolder.pool.units import UnitFailed, UnitFinished, UnitProgressed, WorkUnit


@dataclass
class UnitProgress:
    unit: WorkUnit
    file_started: float  # when the files in hand started (until the first report: when the unit was handed over)
    in_hand: tuple[int, ...] = ()  # task indexes the engine works on now
    done: dict[int, Outcome] = field(default_factory=dict)

    def on_report(self, message: FilesStarted | FileEnded | FileProgress, now: float) -> list[UnitProgressed]:
        """Take a worker's report on this unit; an engine's progress becomes an event for the daemon."""
        if isinstance(message, FilesStarted):
            self.on_files(message.first, message.count, now)
        elif isinstance(message, FileEnded):
            self.on_outcome(message.index, message.outcome)
        else:
            count = len(self.unit.tasks)
            counts = {i: c for i, c in message.counts.items() if 0 <= i < count and i not in self.done}
            return [UnitProgressed(self.unit.id, counts)] if counts else []
        return []

    def on_files(self, first: int, count: int, now: float) -> None:
        """The worker started files [first, first + count)."""
        self.in_hand = tuple(range(first, min(first + count, len(self.unit.tasks))))
        self.file_started = now

    def on_outcome(self, index: int, outcome: Outcome) -> None:
        """A streaming engine finished one file."""
        self.done[index] = outcome
        self.in_hand = tuple(i for i in self.in_hand if i != index)

    @property
    def files_in_hand(self) -> int:
        return len(self.in_hand) or 1

    def in_hand_names(self) -> str:
        names = [self.unit.tasks[i].display_path for i in self.in_hand]
        return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")

    def finished(self, rest: dict[int, Outcome], peak_rss_mb: float | None, tracebacks: dict[int, str]) -> UnitFinished:
        """The unit's end: outcomes streamed earlier plus those sent with the result."""
        outcomes = {**self.done, **rest}
        count = len(self.unit.tasks)
        if len(outcomes) != count:  # a worker bug, not the files': fail what is missing, keep the rest
            missing = FileFailure(f"worker returned {len(outcomes)} outcomes for {count} files", FailureCategory.WORKER_PROTOCOL)
            outcomes = {i: outcomes.get(i, missing) for i in range(count)}
        return UnitFinished(self.unit.id, [outcomes[i] for i in range(count)], peak_rss_mb, tracebacks)

    def failed(self, category: FailureCategory, message: str, detail: dict[str, Any] | None = None) -> UnitFailed:
        """The worker died or was killed: done files keep their outcome, only the files in hand are charged."""
        charged = self.in_hand if self.in_hand else None  # nothing reported in hand: every file not done
        return UnitFailed(self.unit.id, category, message, detail or {}, dict(self.done), charged)
