"""A worker process's states and the moves between them, as a pure transition function.

starting --loaded--> idle --assigned--> busy --unit_ended--> idle
every live state --(a reason to stop)--> stopping --exited--> gone

A stopping worker still holds its memory until it has exited, so it counts against
max_workers; what it sends meanwhile (a late `Ready`, a result) changes nothing.
"""

from __future__ import annotations

from enum import StrEnum

from hotfolder.errors import HotfolderError


class WorkerState(StrEnum):
    STARTING = "starting"  # spawned, its engine loading
    IDLE = "idle"  # loaded, waiting for a unit
    BUSY = "busy"  # running a unit
    STOPPING = "stopping"  # asked to stop, or killed, and not yet exited
    GONE = "gone"


class Why(StrEnum):
    """What moves a worker."""

    LOADED = "loaded"
    ASSIGNED = "assigned"
    UNIT_ENDED = "unit_ended"
    LOAD_FAILED = "load_failed"  # the engine raised while loading
    LOAD_TIMEOUT = "load_timeout"  # not loaded within ready_timeout_s: killed
    IDLE_TOO_LONG = "idle_too_long"  # worker_idle_s without work
    RECYCLED = "recycled"  # ran worker_max_units units
    MAKE_ROOM = "make_room"  # a warm worker nobody needs, stopped for another key
    HUNG = "hung"  # no heartbeat for heartbeat_timeout_s: killed
    OVERDUE = "overdue"  # a file past file_timeout_s: killed
    CANCELLED = "cancelled"  # its unit was cancelled: killed
    SHED = "shed"  # memory critical for too long: killed
    SHUTDOWN = "shutdown"
    STOP_IGNORED = "stop_ignored"  # asked to stop and still there after heartbeat_timeout_s: killed
    EXITED = "exited"


_STOPS_IDLE = frozenset({Why.IDLE_TOO_LONG, Why.RECYCLED, Why.MAKE_ROOM, Why.HUNG, Why.SHUTDOWN})  # silent while idle: hung too
_STOPS_BUSY = frozenset({Why.HUNG, Why.OVERDUE, Why.CANCELLED, Why.SHED, Why.SHUTDOWN})
_STOPS_STARTING = frozenset({Why.LOAD_FAILED, Why.LOAD_TIMEOUT, Why.SHUTDOWN})
_ALL_STOPS = _STOPS_IDLE | _STOPS_BUSY | _STOPS_STARTING | {Why.STOP_IGNORED}

_MOVES: dict[WorkerState, dict[Why, WorkerState]] = {
    WorkerState.STARTING: {Why.LOADED: WorkerState.IDLE, **dict.fromkeys(_STOPS_STARTING, WorkerState.STOPPING)},
    WorkerState.IDLE: {Why.ASSIGNED: WorkerState.BUSY, **dict.fromkeys(_STOPS_IDLE, WorkerState.STOPPING)},
    WorkerState.BUSY: {Why.UNIT_ENDED: WorkerState.IDLE, **dict.fromkeys(_STOPS_BUSY, WorkerState.STOPPING)},
    # Already on its way out: more reasons to stop, a late Ready or result change nothing.
    WorkerState.STOPPING: dict.fromkeys(_ALL_STOPS | {Why.LOADED, Why.UNIT_ENDED}, WorkerState.STOPPING),
    WorkerState.GONE: {},
}
for _state in (WorkerState.STARTING, WorkerState.IDLE, WorkerState.BUSY, WorkerState.STOPPING):
    _MOVES[_state][Why.EXITED] = WorkerState.GONE  # a process can die in any state


class WorkerTransitionError(HotfolderError):
    def __init__(self, state: WorkerState, why: Why) -> None:
        self.state, self.why = state, why
        super().__init__(f"a {state} worker cannot move on {why}")


def move(state: WorkerState, why: Why) -> WorkerState:
    """The state a worker in `state` is in after `why`; WorkerTransitionError when that cannot happen."""
    try:
        return _MOVES[state][why]
    except KeyError:
        raise WorkerTransitionError(state, why) from None
