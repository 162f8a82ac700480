"""Settling: a file counts as finished once its stat key has not changed for a while.

`now` is always the local monotonic clock. File mtimes are only ever compared
with earlier mtimes of the same file, never with the clock, so a share whose
clock runs hours ahead or behind changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatKey:
    """What must stay the same for a file to count as untouched."""

    size: int
    mtime_ns: int
    inode: int


@dataclass(frozen=True)
class Observation:
    key: StatKey
    stable_since: float  # monotonic time the key was first seen with its current value


def observe(previous: Observation | None, key: StatKey, now: float) -> Observation:
    """Fold a new stat of a file into what was known of it."""
    if previous is not None and previous.key == key:
        return previous
    return Observation(key, now)


def settles_at(obs: Observation, settle_s: float) -> float:
    """The monotonic time at which `obs` becomes settled if nothing changes."""
    return obs.stable_since + settle_s


def is_settled(obs: Observation, now: float, settle_s: float) -> bool:
    """True once the key has stayed unchanged for `settle_s` seconds."""
    return now >= settles_at(obs, settle_s)
