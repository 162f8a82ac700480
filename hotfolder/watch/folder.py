"""One watched folder: its detection mode, its scan schedule and its tracker.

The daemon owns the loop and the native watcher; each tick it asks every
folder whether a scan is `due` and, if so, calls `step`. Scans are the only
source of truth; native events only make them come sooner.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from hotfolder.config.models import HotFolder
from hotfolder.watch.fstype import choose_mode
from hotfolder.watch.scan import scan_inbox
from hotfolder.watch.tracker import InboxTracker, TrackerResult, WaitingBundle


def scan_due(
    mode: str,
    now: float,
    last_scan: float | None,
    *,
    dirty: bool,
    overflow: bool,
    deadline: float | None,
    poll_interval_s: float,
    rescan_s: float,
) -> bool:
    """Whether a folder should be scanned at monotonic time `now`.

    First step: always. Polling: every `poll_interval_s`. Native: on events,
    after lost events, when a settling file may have settled (`deadline`),
    and every `rescan_s` in any case.
    """
    if last_scan is None:
        return True
    if mode == "polling":
        return now - last_scan >= poll_interval_s
    if dirty or overflow:
        return True
    if deadline is not None and now >= deadline:
        return True
    return now - last_scan >= rescan_s


@dataclass(frozen=True)
class FolderStatus:
    name: str
    mode: str  # "native" | "polling"
    mode_reason: str
    last_scan_at: float | None  # wall clock, unix seconds, when the last scan ended
    last_scan_duration_s: float | None
    settling_files: int
    waiting_bundles: int
    scan_errors: tuple[str, ...]
    waiting: tuple[WaitingBundle, ...] = ()  # each waiting bundle with why, for the dashboard


class FolderWatch:
    def __init__(
        self,
        folder: HotFolder,
        mounts_text: str | None = None,
        *,
        wall: Callable[[], float] = time.time,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.name = folder.name
        self.inbox = folder.inbox
        self.poll_interval_s = folder.poll_interval_s
        self.rescan_s = folder.rescan_s
        self.ignore = tuple(folder.ignore)
        self.mode, self.mode_reason = choose_mode(folder.inbox, folder.watch, mounts_text)
        self.tracker = InboxTracker(folder.settle_s, folder.require_ready_marker)
        self._wall = wall
        self._timer = timer
        self._last_scan: float | None = None  # monotonic
        self._status = FolderStatus(self.name, self.mode, self.mode_reason, None, None, 0, 0, ())

    def due(self, now: float, dirty: bool, overflow: bool) -> bool:
        """Whether `step` should run at monotonic time `now` (see `scan_due`)."""
        return scan_due(
            self.mode,
            now,
            self._last_scan,
            dirty=dirty,
            overflow=overflow,
            deadline=self._deadline(),
            poll_interval_s=self.poll_interval_s,
            rescan_s=self.rescan_s,
        )

    def next_due(self, now: float) -> float:
        """The monotonic time a scan falls due if no event arrives: how long the daemon may sleep."""
        if self._last_scan is None:
            return now
        if self.mode == "polling":
            return self._last_scan + self.poll_interval_s
        deadline = self._deadline()
        rescan = self._last_scan + self.rescan_s
        return rescan if deadline is None else min(deadline, rescan)

    def _deadline(self) -> float | None:
        # The first settling time after the last scan: one that has passed since is due now.
        return None if self._last_scan is None else self.tracker.next_deadline(self._last_scan)

    def step(self, now: float) -> TrackerResult:
        """Scan the inbox and sort its bundles into ready and waiting."""
        started = self._timer()
        snapshot = scan_inbox(self.inbox, self.ignore)
        result = self.tracker.step(snapshot, now)
        self._last_scan = now
        self._status = FolderStatus(
            self.name,
            self.mode,
            self.mode_reason,
            self._wall(),
            self._timer() - started,
            result.settling_files,
            len(result.waiting),
            tuple(snapshot.errors),
            tuple(result.waiting),
        )
        return result

    def status(self) -> FolderStatus:
        """What /health shows for this folder, as of the last step."""
        return self._status

    def stuck(self, now: float, after_s: float) -> list[WaitingBundle]:
        """Bundles that have waited at least `after_s` by monotonic time `now`, longest first."""
        return sorted((w for w in self._status.waiting if now - w.since >= after_s), key=lambda w: w.since)
