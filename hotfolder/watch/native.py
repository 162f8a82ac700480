"""Native filesystem events, used only as a hint that an inbox should be rescanned.

The watcher records which inboxes saw any change; the daemon rescans those.
Events are never trusted alone: they carry no settling or completeness
information, are lost on overflow, and never come from other machines.

`overflowed()` is true after any sign that events may have been lost since the
last `drain()`: a warning or error logged by watchdog's observers (that is how
watchdog reports an inotify queue overflow), or a watch that could not be set
up or has stopped (inbox removed or unmounted, inotify watch limit reached).
The latter keep it true after `drain()` too, so the daemon keeps scanning such
an inbox at every tick instead of waiting for events that will not come.
`drain()` itself returns every inbox whenever events may have been lost, so a
caller that drains before asking `overflowed()` misses nothing either.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

log = logging.getLogger(__name__)

# Changes only: our own scans and content checks open and read files, and
# those events would mark the inbox dirty after every scan.
_CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    DirCreatedEvent,
    FileModifiedEvent,
    DirModifiedEvent,
    FileAttribEvent,  # touch, chmod: mtime and permissions matter to settling and claiming
    FileClosedEvent,
    FileMovedEvent,
    DirMovedEvent,
    FileDeletedEvent,
    DirDeletedEvent,
]


class _Recorder(FileSystemEventHandler):
    def __init__(self, on_path: Callable[[str], None]) -> None:
        self._on_path = on_path

    def on_any_event(self, event: FileSystemEvent) -> None:
        for path in (event.src_path, event.dest_path):
            if path:
                self._on_path(os.fsdecode(path))


class _TroubleFlag(logging.Handler):
    """Calls back on every warning or error watchdog's observers log."""

    def __init__(self, on_trouble: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self._on_trouble = on_trouble

    def emit(self, record: logging.LogRecord) -> None:
        self._on_trouble()


class NativeWatcher:
    """Records which of `paths` saw filesystem events (recursively) since the last `drain`."""

    def __init__(self, paths: Sequence[Path], *, observer_factory: Callable[[], BaseObserver] = Observer) -> None:
        self._paths = [Path(p) for p in paths]
        self._roots = [(os.path.abspath(p), Path(p)) for p in self._paths]
        self._factory = observer_factory
        self._lock = threading.Lock()
        self._dirty: set[Path] = set()
        self._lost = False  # events may have been lost since the last drain
        self._trouble_log = _TroubleFlag(self._record_loss)
        self._observer: BaseObserver | None = None
        self._failed: list[Path] = []

    def start(self) -> None:
        """Begin watching; a path that cannot be watched is logged and makes `overflowed()` true."""
        logging.getLogger("watchdog.observers").addHandler(self._trouble_log)
        observer = self._factory()
        observer.start()
        recorder = _Recorder(self._record)
        for path in self._paths:
            try:
                observer.schedule(recorder, os.path.abspath(path), recursive=True, event_filter=_CHANGES)
            except OSError as e:
                log.warning("cannot watch %s natively (%s); it will be rescanned at every step", path, e)
                self._failed.append(path)
        self._observer = observer

    def stop(self) -> None:
        """Stop watching and wait for the observer thread to end."""
        logging.getLogger("watchdog.observers").removeHandler(self._trouble_log)
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()
            self._observer = None

    def drain(self) -> set[Path]:
        """The inboxes that saw events since the last drain (all of them if events may have been lost).

        Resets the recorded events and the overflow flag.
        """
        with self._lock:
            dirty, self._dirty = self._dirty, set()
            lost, self._lost = self._lost, False
        if lost or self._failed or not self._watching():
            dirty.update(self._paths)
        return dirty

    def overflowed(self) -> bool:
        """True when events may have been lost: rescan every inbox."""
        with self._lock:
            lost = self._lost
        return lost or bool(self._failed) or not self._watching()

    def _watching(self) -> bool:
        observer = self._observer
        return (
            observer is not None
            and observer.is_alive()
            and all(emitter.is_alive() for emitter in list(observer.emitters))
        )

    def _record_loss(self) -> None:
        with self._lock:
            self._lost = True

    def _record(self, path: str) -> None:
        for root, inbox in self._roots:
            if path == root or path.startswith(root + os.sep):
                with self._lock:
                    self._dirty.add(inbox)
