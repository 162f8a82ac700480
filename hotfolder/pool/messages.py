"""What crosses a worker's pipe, as typed messages (pickled by multiprocessing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hotfolder.commands.base import Outcome
from hotfolder.pool.units import WorkUnit


# -- parent to worker ---------------------------------------------------------
@dataclass(frozen=True)
class RunUnit:
    unit: WorkUnit


@dataclass(frozen=True)
class Stop:
    """Finish nothing more: exit once the current unit (if any) has been answered."""


ToWorker = RunUnit | Stop


# -- worker to parent ---------------------------------------------------------
@dataclass(frozen=True)
class Beat:
    """Alive; sent by a thread every heartbeat_s, whatever the engine does."""


@dataclass(frozen=True)
class Ready:
    """The engine has loaded."""

    peak_rss_mb: float


@dataclass(frozen=True)
class LoadError:
    message: str


@dataclass(frozen=True)
class FilesStarted:
    """Files [first, first + count) of the unit are in hand now."""

    unit_id: str
    first: int
    count: int


@dataclass(frozen=True)
class FileEnded:
    """A streaming engine finished one file."""

    unit_id: str
    index: int
    outcome: Outcome


@dataclass(frozen=True)
class FileProgress:
    """How far the engine is through files of the unit: task index -> (current, total)."""

    unit_id: str
    counts: dict[int, tuple[int, int]]


@dataclass(frozen=True)
class UnitResult:
    """The unit's end: the outcomes not streamed before, by task index."""

    unit_id: str
    rest: dict[int, Outcome]
    peak_rss_mb: float
    tracebacks: dict[int, str] = field(default_factory=dict)


FromWorker = Beat | Ready | LoadError | FilesStarted | FileEnded | FileProgress | UnitResult
