"""The worker process: load one engine, then serve units until told to stop, heartbeating all along."""

from __future__ import annotations

import contextlib
import gc
import resource
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from hotfolder.commands import progress
from hotfolder.commands.base import FileResult, Outcome
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError
from hotfolder.pool.messages import Beat, FileEnded, FileProgress, FilesStarted, FromWorker, LoadError, Ready, Stop, ToWorker, UnitResult
from hotfolder.pool.reporting import WorkerReporter
from hotfolder.pool.units import WorkerKey, WorkUnit

Send = Callable[[FromWorker], None]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


class Heartbeat(threading.Thread):
    """Sends a `Beat` every `interval_s`, whatever the engine does, as uvicorn's supervisor pings.

    An engine stuck in a C call that holds the GIL, or a stopped process, stops the beats too:
    that silence is what the parent detects.
    """

    def __init__(self, send: Send, interval_s: float) -> None:
        super().__init__(name="hotfolder-heartbeat", daemon=True)
        self.send, self.interval_s = send, interval_s
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.interval_s):
            try:
                self.send(Beat())
            except (BrokenPipeError, EOFError, OSError):
                return  # the daemon is gone; the main thread notices on its next recv


def locked_sender(conn: Connection) -> Send:
    """The heartbeat thread and the main thread share the pipe: one message at a time."""
    lock = threading.Lock()

    def send(message: FromWorker) -> None:
        with lock:
            conn.send(message)

    return send


def worker_main(registry: Registry, key: WorkerKey, conn: Connection, heartbeat_s: float = 5.0) -> None:
    """Entry point of a spawned worker; everything it needs arrives pickled."""
    import json

    try:
        command = registry.get(key.command)
        options = command.options_model.model_validate(json.loads(key.options_json))
        engine = command.load(key.lang, options)
    except HotfolderError as error:
        conn.send(LoadError(str(error)))
        return
    except Exception as error:  # noqa: BLE001 - an engine that will not load must say why, not vanish
        conn.send(LoadError(f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
        return
    # The model's objects live as long as the worker: move them out of the garbage
    # collector's sight so its passes over each batch stay short.
    gc.collect()
    gc.freeze()
    send = locked_sender(conn)
    send(Ready(peak_rss_mb()))
    beat = Heartbeat(send, heartbeat_s)
    beat.start()
    while True:
        try:
            message: ToWorker = conn.recv()
        except EOFError:
            return  # the daemon is gone
        if isinstance(message, Stop):
            beat.stopped.set()
            return
        unit: WorkUnit = message.unit
        # A unit of one file has that file in hand: an engine may call `progress.advance` without `working_on`.
        in_hand = progress.working_on(0) if len(unit.tasks) == 1 else contextlib.nullcontext()
        with progress.listening(unit_reporter(send, unit.id)), in_hand:
            rest, tracebacks = run_unit(engine, unit, send)
        send(UnitResult(unit.id, rest, peak_rss_mb(), tracebacks))


def unit_reporter(send: Send, unit_id: str) -> WorkerReporter:
    """What the engine's progress reports go to while it runs `unit_id`: the pipe, a few messages a second."""
    return WorkerReporter(lambda counts: send(FileProgress(unit_id, counts)))


def run_unit(engine: Any, unit: WorkUnit, send: Send) -> tuple[dict[int, Outcome], dict[int, str]]:
    """Run one unit, reporting the files in hand; returns the outcomes not already streamed.

    An engine whose `process` returns an iterator streams: each outcome goes to the parent as
    it comes, and the file after it is the one in hand. A list engine has every file in hand at once.
    """
    count = len(unit.tasks)
    streamed = 0
    try:
        send(FilesStarted(unit.id, 0, count))
        produced = engine.process(list(unit.tasks))
        if not isinstance(produced, Iterator):
            outcomes: list[Outcome] = list(produced)
            if len(outcomes) != count:
                raise RuntimeError(f"engine returned {len(outcomes)} outcomes for {count} files")
            return dict(enumerate(outcomes)), {}
        for index in range(count):
            send(FilesStarted(unit.id, index, 1))
            outcome = next(produced, None)
            if outcome is None:
                raise RuntimeError(f"engine returned {index} outcomes for {count} files")
            send(FileEnded(unit.id, index, outcome))
            streamed = index + 1
        if next(produced, None) is not None:
            raise RuntimeError(f"engine returned more outcomes than its {count} files")
        return {}, {}
    except Exception as error:  # noqa: BLE001 - an engine bug fails the unit's remaining files with a bug report, not the worker
        text = "".join(traceback.format_exception(error))
        print(text, file=sys.stderr)
        failure = FileFailure(f"internal error in {unit.key.command}: {type(error).__name__}: {error}", FailureCategory.SYSTEM)
        return {i: failure for i in range(streamed, count)}, {i: text for i in range(streamed, count)}


__all__ = ["FileResult", "worker_main"]
