"""The worker transition function as a table: every move the pool makes, and the ones it must not."""

from __future__ import annotations

import pytest

from hotfolder.pool.states import Why, WorkerTransitionError, move
from hotfolder.pool.states import WorkerState as S

LEGAL: list[tuple[S, Why, S]] = [
    (S.STARTING, Why.LOADED, S.IDLE),
    (S.STARTING, Why.LOAD_FAILED, S.STOPPING),
    (S.STARTING, Why.LOAD_TIMEOUT, S.STOPPING),
    (S.STARTING, Why.SHUTDOWN, S.STOPPING),
    (S.STARTING, Why.EXITED, S.GONE),  # died while loading
    (S.IDLE, Why.ASSIGNED, S.BUSY),
    (S.IDLE, Why.IDLE_TOO_LONG, S.STOPPING),
    (S.IDLE, Why.RECYCLED, S.STOPPING),
    (S.IDLE, Why.MAKE_ROOM, S.STOPPING),
    (S.IDLE, Why.HUNG, S.STOPPING),  # stopped (SIGSTOP) while waiting: no beats either
    (S.IDLE, Why.SHUTDOWN, S.STOPPING),
    (S.IDLE, Why.EXITED, S.GONE),
    (S.BUSY, Why.UNIT_ENDED, S.IDLE),
    (S.BUSY, Why.HUNG, S.STOPPING),
    (S.BUSY, Why.OVERDUE, S.STOPPING),
    (S.BUSY, Why.CANCELLED, S.STOPPING),
    (S.BUSY, Why.SHED, S.STOPPING),
    (S.BUSY, Why.SHUTDOWN, S.STOPPING),
    (S.BUSY, Why.EXITED, S.GONE),  # a crash
    # Every reason to stop is also harmless on a worker already stopping (a kill after a stop).
    *((S.STOPPING, why, S.STOPPING) for why in (
        Why.LOAD_FAILED, Why.LOAD_TIMEOUT, Why.IDLE_TOO_LONG, Why.RECYCLED, Why.MAKE_ROOM, Why.HUNG,
        Why.OVERDUE, Why.CANCELLED, Why.SHED, Why.SHUTDOWN, Why.STOP_IGNORED,
    )),
    (S.STOPPING, Why.LOADED, S.STOPPING),  # a late Ready does not bring it back
    (S.STOPPING, Why.UNIT_ENDED, S.STOPPING),
    (S.STOPPING, Why.EXITED, S.GONE),
]

ILLEGAL: list[tuple[S, Why]] = [
    (S.STARTING, Why.ASSIGNED),  # no unit before the engine has loaded
    (S.BUSY, Why.ASSIGNED),  # one unit at a time; the next waits in the pipe
    (S.IDLE, Why.UNIT_ENDED),
    (S.IDLE, Why.OVERDUE),  # no file in hand
    (S.STARTING, Why.RECYCLED),
    (S.BUSY, Why.IDLE_TOO_LONG),
    (S.BUSY, Why.MAKE_ROOM),  # only a worker nobody needs makes room
    (S.STOPPING, Why.ASSIGNED),
    (S.GONE, Why.EXITED),
    (S.GONE, Why.LOADED),
]


@pytest.mark.parametrize(("state", "why", "after"), LEGAL, ids=[f"{s}-{w}" for s, w, _ in LEGAL])
def test_legal_moves(state: S, why: Why, after: S) -> None:
    assert move(state, why) == after


@pytest.mark.parametrize(("state", "why"), ILLEGAL, ids=[f"{s}-{w}" for s, w in ILLEGAL])
def test_illegal_moves_raise(state: S, why: Why) -> None:
    with pytest.raises(WorkerTransitionError, match=f"a {state} worker cannot move on {why}"):
        move(state, why)


def test_every_pair_is_in_a_table() -> None:
    listed = {(s, w) for s, w, _ in LEGAL} | set(ILLEGAL)
    for state in S:
        for why in Why:
            if (state, why) not in listed:
                with pytest.raises(WorkerTransitionError):
                    move(state, why)  # not listed: must be illegal, so a new move is added to LEGAL on purpose


def test_a_worker_lives_through_one_path() -> None:
    state = S.STARTING
    for why in (Why.LOADED, Why.ASSIGNED, Why.UNIT_ENDED, Why.ASSIGNED, Why.UNIT_ENDED, Why.RECYCLED, Why.EXITED):
        state = move(state, why)
    assert state == S.GONE
