"""Exactly once despite Temporal's at-least-once: a result counts only if its attempt is the current one.

The lab server issues a token per attempt of a unit (a fresh one whenever it has to start the
unit's workflow again). A result is applied once, and only with the current token; a second
result of the same attempt, a result of a superseded attempt, or one for a unit this lab server
no longer runs (cancelled, or started before a restart) is dropped and counted.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    APPLY = "apply"
    DUPLICATE = "duplicate"  # this attempt's result was already applied
    STALE = "stale"  # an attempt that is no longer the current one
    UNKNOWN = "unknown"  # not a unit in flight here (cancelled, or from before a restart)


def judge(current: str | None, applied: bool, token: str) -> Verdict:
    """Pure decision: `current` is the unit's live token (None: not in flight), `applied` whether its result landed."""
    if current is None:
        return Verdict.UNKNOWN
    if token != current:
        return Verdict.STALE
    return Verdict.DUPLICATE if applied else Verdict.APPLY


@dataclass
class Fence:
    current: dict[str, str] = field(default_factory=dict)  # unit id -> live token
    applied: set[str] = field(default_factory=set)  # unit ids whose result landed (until forgotten)
    ignored: dict[Verdict, int] = field(default_factory=lambda: dict.fromkeys((Verdict.DUPLICATE, Verdict.STALE, Verdict.UNKNOWN), 0))

    def issue(self, unit_id: str) -> str:
        """A new attempt of `unit_id`: every earlier token of it is stale from now on."""
        token = uuid.uuid4().hex
        self.current[unit_id] = token
        self.applied.discard(unit_id)
        return token

    def offer(self, unit_id: str, token: str) -> Verdict:
        """Whether the result of (unit, token) is applied; the first APPLY closes the attempt."""
        verdict = judge(self.current.get(unit_id), unit_id in self.applied, token)
        if verdict == Verdict.APPLY:
            self.applied.add(unit_id)
        else:
            self.ignored[verdict] += 1
        return verdict

    def withdraw(self, unit_id: str) -> None:
        """The unit is no longer wanted (cancelled, handed back at shutdown): any later result is unknown."""
        self.current.pop(unit_id, None)
        self.applied.discard(unit_id)

    @property
    def duplicates_ignored(self) -> int:
        return sum(self.ignored.values())
