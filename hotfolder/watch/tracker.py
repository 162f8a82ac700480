"""Deciding, scan after scan, which bundles of an inbox are ready to become jobs.

A bundle is ready when nothing blocks it (scan errors, name conflicts), every
file in it (members, ticket and marker) has kept its stat key for `settle_s`,
the READY marker is there when required, and every member passes its content
check. Content checks read files, so they run last, only on settled files,
and a file that passed is not read again until its key changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hotfolder.watch.bundles import Bundle, Kind, belongs_to, group_bundles
from hotfolder.watch.completeness import incomplete_reason
from hotfolder.watch.scan import Snapshot
from hotfolder.watch.settle import Observation, StatKey, is_settled, observe, settles_at


@dataclass(frozen=True)
class Member:
    display_path: str  # relative to the inbox, forward slashes: "PWA/TYO_a1.cha"
    key: StatKey


@dataclass(frozen=True)
class ReadyBundle:
    name: str
    kind: Kind
    members: tuple[Member, ...]
    ticket: str | None  # inbox-relative path of the job ticket, if any
    ready_marker: str | None = None  # inbox-relative path, for the daemon to remove with the inputs


@dataclass(frozen=True)
class WaitingBundle:
    name: str
    reason: str
    since: float = 0.0  # monotonic time it was first seen waiting (without a break)


@dataclass(frozen=True)
class TrackerResult:
    ready: list[ReadyBundle]
    waiting: list[WaitingBundle]
    settling_files: int


class InboxTracker:
    """Per-inbox memory of stat observations; `step` it with each new snapshot."""

    def __init__(
        self,
        settle_s: float,
        require_ready_marker: bool,
        *,
        check: Callable[[Path], str | None] = incomplete_reason,
    ) -> None:
        self.settle_s = settle_s
        self.require_ready_marker = require_ready_marker
        self._check = check
        self._observations: dict[str, Observation] = {}
        self._passed: dict[str, StatKey] = {}  # path -> key it had when its content check passed
        self._waiting_since: dict[str, float] = {}  # bundle name -> monotonic time it started waiting

    def step(self, snapshot: Snapshot, now: float) -> TrackerResult:
        """Fold in a new snapshot taken at monotonic time `now` and sort its bundles."""
        previous = self._observations
        self._observations = {path: observe(previous.get(path), key, now) for path, key in snapshot.files.items()}
        self._passed = {p: k for p, k in self._passed.items() if snapshot.files.get(p) == k}
        settling = {p for p, obs in self._observations.items() if not is_settled(obs, now, self.settle_s)}
        ready: list[ReadyBundle] = []
        waiting: list[WaitingBundle] = []
        since = self._waiting_since
        self._waiting_since = {}
        for bundle in group_bundles(snapshot.files):
            reason = self._waiting_reason(bundle, snapshot, settling)
            if reason is not None:
                started = self._waiting_since[bundle.name] = since.get(bundle.name, now)
                waiting.append(WaitingBundle(bundle.name, reason, started))
                continue
            members = tuple(Member(path, snapshot.files[path]) for path in bundle.members)
            ready.append(ReadyBundle(bundle.name, bundle.kind, members, bundle.ticket, bundle.ready_marker))
        return TrackerResult(ready, waiting, len(settling))

    def next_deadline(self, now: float) -> float | None:
        """The earliest monotonic time after `now` at which a settling file could settle."""
        upcoming = [t for obs in self._observations.values() if (t := settles_at(obs, self.settle_s)) > now]
        return min(upcoming, default=None)

    def _waiting_reason(self, bundle: Bundle, snapshot: Snapshot, settling: set[str]) -> str | None:
        if bundle.conflict is not None:
            return bundle.conflict
        blocked = [f"{path}: {why}" for path, why in sorted(snapshot.blocked.items()) if belongs_to(path, bundle)]
        if blocked:
            more = f" (and {len(blocked) - 1} more)" if len(blocked) > 1 else ""
            return blocked[0] + more
        if not bundle.members:
            return "no input files yet"
        files = [*bundle.members, *(p for p in (bundle.ticket, bundle.ready_marker) if p is not None)]
        changing = sum(1 for path in files if path in settling)
        if changing:
            return f"settling: {changing} of {len(files)} files changed within the last {self.settle_s:g} s"
        if self.require_ready_marker and bundle.ready_marker is None:
            where = f"{bundle.name}/READY" if bundle.kind == "folder" else f"{bundle.name}.READY"
            return f"waiting for the READY marker ({where})"
        for path in bundle.members:
            reason = self._content_reason(snapshot, path)
            if reason is not None:
                return f"{path}: {reason}"
        return None

    def _content_reason(self, snapshot: Snapshot, path: str) -> str | None:
        key = snapshot.files[path]
        if self._passed.get(path) == key:
            return None
        reason = self._check(snapshot.root / path)
        if reason is None:
            self._passed[path] = key
        return reason
