"""A watched folder: mode choice, the scan schedule, and its status after real scans."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.config.models import HotFolder, WatchMode
from hotfolder.watch.folder import FolderStatus, FolderWatch, scan_due
from hotfolder.watch.tracker import WaitingBundle

CHA = b"@UTF8\n@Begin\n*CHI:\tmore .\n@End\n"


@pytest.mark.parametrize(
    ("mode", "now", "last", "dirty", "overflow", "deadline", "due"),
    [
        # First step: always, whatever the mode.
        ("polling", 0.0, None, False, False, None, True),
        ("native", 0.0, None, False, False, None, True),
        # Polling: every poll_interval_s (2 s here); events and deadlines change nothing.
        ("polling", 11.9, 10.0, False, False, None, False),
        ("polling", 12.0, 10.0, False, False, None, True),
        ("polling", 10.5, 10.0, True, True, 10.1, False),
        # Native: on events, after lost events, at a settling deadline, every rescan_s (300 s).
        ("native", 10.5, 10.0, False, False, None, False),
        ("native", 10.5, 10.0, True, False, None, True),
        ("native", 10.5, 10.0, False, True, None, True),
        ("native", 14.9, 10.0, False, False, 15.0, False),
        ("native", 15.0, 10.0, False, False, 15.0, True),
        ("native", 309.9, 10.0, False, False, None, False),
        ("native", 310.0, 10.0, False, False, None, True),
    ],
)
def test_scan_due(
    mode: str, now: float, last: float | None, dirty: bool, overflow: bool, deadline: float | None, due: bool
) -> None:
    assert (
        scan_due(
            mode, now, last, dirty=dirty, overflow=overflow, deadline=deadline, poll_interval_s=2.0, rescan_s=300.0
        )
        is due
    )


MOUNTS = "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:40 / /srv/nfs rw - nfs4 fs:/lab rw\n"


class Ticks:
    """A clock that reads `start`, then advances by `step` at every reading."""

    def __init__(self, start: float, step: float) -> None:
        self.now, self.step = start, step

    def __call__(self) -> float:
        value = self.now
        self.now += self.step
        return value


def make(inbox: Path, mode: WatchMode = "native", *, marker: bool = False) -> FolderWatch:
    folder = HotFolder(
        name="aphasia", command="morphotag", inbox=inbox, outbox=inbox.parent / "out", settle_s=5.0,
        watch=mode, poll_interval_s=2.0, rescan_s=300.0, require_ready_marker=marker, ignore=["*.bak"],
    )
    return FolderWatch(folder, MOUNTS, wall=Ticks(1_700_000_000.0, 10.0), timer=Ticks(50.0, 0.25))


@pytest.mark.parametrize(
    ("inbox", "setting", "mode", "reason"),
    [
        ("/srv/nfs/aphasia/in", "auto", "polling", "auto: /srv/nfs/aphasia/in is on nfs4 (fs:/lab at /srv/nfs): "
         "remote or FUSE writes raise no inotify events"),
        ("/home/lab/in", "auto", "native", "auto: /home/lab/in is on ext4 (/dev/sda1 at /)"),
        ("/srv/nfs/aphasia/in", "native", "native", "configured"),
    ],
)
def test_mode_is_chosen_once_and_shown(inbox: str, setting: WatchMode, mode: str, reason: str) -> None:
    watch = make(Path(inbox), setting)
    assert (watch.mode, watch.mode_reason) == (mode, reason)
    assert watch.status() == FolderStatus("aphasia", mode, reason, None, None, 0, 0, ())


def test_native_schedule_follows_scans_and_deadlines(tmp_path: Path) -> None:
    watch = make(tmp_path)
    assert watch.due(0.0, dirty=False, overflow=False)  # first step
    assert watch.next_due(0.0) == 0.0
    watch.step(0.0)
    assert not watch.due(1.0, dirty=False, overflow=False)
    assert watch.next_due(1.0) == 300.0
    (tmp_path / "x.cha").write_bytes(CHA)
    assert watch.due(1.0, dirty=True, overflow=False)
    watch.step(1.0)  # x.cha seen: it can settle at 6.0, scan then
    assert watch.next_due(1.5) == 6.0
    assert not watch.due(5.9, dirty=False, overflow=False)
    assert watch.due(6.0, dirty=False, overflow=False)
    assert [b.name for b in watch.step(6.0).ready] == ["x"]
    assert watch.next_due(6.0) == 306.0


def test_polling_schedule(tmp_path: Path) -> None:
    watch = make(tmp_path, "polling")
    watch.step(10.0)
    assert not watch.due(11.0, dirty=True, overflow=True)
    assert watch.due(12.0, dirty=False, overflow=False)
    assert watch.next_due(11.0) == 12.0


def test_status_after_scans(tmp_path: Path) -> None:
    watch = make(tmp_path, "polling", marker=True)
    (tmp_path / "x.cha").write_bytes(CHA)
    (tmp_path / "x.bak").write_bytes(b"ignored by the folder's own glob")
    (tmp_path / "PWA").mkdir()
    (tmp_path / "PWA/a.cha").write_bytes(CHA)
    (tmp_path / "PWA/link.cha").symlink_to(tmp_path / "x.cha")
    result = watch.step(0.0)
    assert result.settling_files == 2
    status = watch.status()
    assert status == FolderStatus(
        name="aphasia",
        mode="polling",
        mode_reason="configured",
        last_scan_at=1_700_000_000.0,
        last_scan_duration_s=0.25,
        settling_files=2,
        waiting_bundles=2,
        scan_errors=("PWA/link.cha: symbolic link, not followed; drop the file itself",),
        waiting=(
            WaitingBundle("PWA", "PWA/link.cha: symbolic link, not followed; drop the file itself"),
            WaitingBundle("x", "settling: 1 of 1 files changed within the last 5 s"),
        ),
    )
    watch.step(5.0)
    later = watch.status()
    assert (later.last_scan_at, later.settling_files, later.waiting_bundles) == (1_700_000_010.0, 0, 2)
    assert later.waiting[1] == WaitingBundle("x", "waiting for the READY marker (x.READY)")


def test_missing_inbox_shows_in_status(tmp_path: Path) -> None:
    watch = make(tmp_path / "gone")
    result = watch.step(0.0)
    assert (result.ready, result.waiting) == ([], [])
    assert watch.status().scan_errors == (f"inbox {tmp_path / 'gone'} does not exist",)
