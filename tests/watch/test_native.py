"""The native watcher on real inotify: which inboxes saw changes, and when events may be lost."""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from hotfolder.watch.completeness import incomplete_reason
from hotfolder.watch.native import NativeWatcher
from hotfolder.watch.scan import scan_inbox

DEADLINE_S = 10.0


def wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Drained:
    """Everything drained from a watcher so far."""

    def __init__(self, watcher: NativeWatcher) -> None:
        self.watcher = watcher
        self.seen: set[Path] = set()

    def until(self, inbox: Path) -> set[Path]:
        def arrived() -> bool:
            self.seen |= self.watcher.drain()
            return inbox in self.seen

        assert wait_for(arrived), f"no event for {inbox} within {DEADLINE_S} s"
        seen, self.seen = self.seen, set()
        return seen


@pytest.fixture
def inboxes(tmp_path: Path) -> tuple[Path, Path, Path]:
    a, b, outside = tmp_path / "a", tmp_path / "b", tmp_path / "outside"
    for folder in (a, b, outside):
        folder.mkdir()
    return a, b, outside


@contextmanager
def watching(paths: list[Path]) -> Iterator[NativeWatcher]:
    w = NativeWatcher(paths)
    w.start()
    try:
        yield w
    finally:
        w.stop()


@pytest.fixture
def watcher(inboxes: tuple[Path, Path, Path]) -> Iterator[NativeWatcher]:
    with watching(list(inboxes[:2])) as w:
        yield w


def test_created_file_marks_only_its_inbox(watcher: NativeWatcher, inboxes: tuple[Path, Path, Path]) -> None:
    a, _, _ = inboxes
    assert not watcher.overflowed()
    (a / "x.cha").write_bytes(b"@Begin\n")
    assert Drained(watcher).until(a) == {a}


def test_file_moved_in_counts(watcher: NativeWatcher, inboxes: tuple[Path, Path, Path]) -> None:
    _, b, outside = inboxes
    (outside / "y.wav").write_bytes(b"RIFF")
    watcher.drain()
    os.rename(outside / "y.wav", b / "y.wav")
    assert Drained(watcher).until(b) == {b}


def test_folder_moved_in_counts_and_is_watched_below(watcher: NativeWatcher, inboxes: tuple[Path, Path, Path]) -> None:
    a, _, outside = inboxes
    (outside / "PWA" / "deep").mkdir(parents=True)
    (outside / "PWA" / "deep" / "TYO_a1.cha").write_bytes(b"@Begin\n")
    watcher.drain()
    os.rename(outside / "PWA", a / "PWA")
    drained = Drained(watcher)
    assert drained.until(a) == {a}
    # The moved-in tree is watched too: a file added deep inside it is seen.
    (a / "PWA" / "deep" / "TYO_a1.wav").write_bytes(b"RIFF")
    assert drained.until(a) == {a}


def test_move_out_and_delete_count(inboxes: tuple[Path, Path, Path]) -> None:
    a, b, outside = inboxes
    (a / "x.cha").write_bytes(b"x")
    (b / "y.cha").write_bytes(b"y")
    with watching([a, b]) as watcher:
        drained = Drained(watcher)
        os.rename(a / "x.cha", outside / "x.cha")
        assert drained.until(a) == {a}
        (b / "y.cha").unlink()
        assert drained.until(b) == {b}


def test_our_own_reads_do_not_mark_the_inbox(inboxes: tuple[Path, Path, Path]) -> None:
    a, b, _ = inboxes
    (a / "x.cha").write_bytes(b"@Begin\n@End\n")
    (a / "PWA").mkdir()
    (a / "PWA" / "y.wav").write_bytes(b"RIFF\x04\x00\x00\x00WAVE")
    with watching([a, b]) as watcher:  # started after the writes: no event of theirs is in flight
        snapshot = scan_inbox(a)
        assert [incomplete_reason(a / rel) for rel in snapshot.files] == [None, None]
        # Once a later change in `b` has come through, an event from the reads
        # above would have had ample time to come through before it.
        (b / "sentinel").write_bytes(b"")
        assert Drained(watcher).until(b) == {b}


def test_removed_inbox_means_events_may_be_lost(watcher: NativeWatcher, inboxes: tuple[Path, Path, Path]) -> None:
    a, b, _ = inboxes
    shutil.rmtree(b)
    assert wait_for(watcher.overflowed)
    # Stays so: drain names every inbox, and the daemon keeps scanning them.
    assert watcher.drain() == {a, b}
    assert watcher.overflowed()
    assert watcher.drain() == {a, b}


def test_unwatchable_path_at_start(inboxes: tuple[Path, Path, Path], caplog: pytest.LogCaptureFixture) -> None:
    a, _, outside = inboxes
    missing = outside / "not-mounted"
    with watching([missing, a]) as w:
        assert w.overflowed()
        assert f"cannot watch {missing} natively" in caplog.text
        assert w.drain() == {missing, a}
        assert w.overflowed()


def test_observer_warning_means_events_were_lost(watcher: NativeWatcher, inboxes: tuple[Path, Path, Path]) -> None:
    # A real IN_Q_OVERFLOW needs the kernel queue (16384 events) to fill faster than
    # watchdog's reader drains it, which no test can force; watchdog reports one by
    # logging this warning, so the test logs it the same way.
    assert not watcher.overflowed()
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed; filesystem events were lost")
    assert watcher.overflowed()
    assert watcher.drain() == set(inboxes[:2])  # every inbox gets its rescan
    assert not watcher.overflowed()
    assert watcher.drain() == set()


def test_stop_ends_the_observer(inboxes: tuple[Path, Path, Path]) -> None:
    w = NativeWatcher(inboxes[:1])
    assert w.overflowed()  # not started: nothing is watched
    w.start()
    assert not w.overflowed()
    w.stop()
    assert w.overflowed()
    assert w.drain() == {inboxes[0]}  # stopped: the daemon would have to scan
