"""The worker process: load one engine, then serve units until told to stop."""

from __future__ import annotations

import gc
import resource
import sys
import traceback
from multiprocessing.connection import Connection
from typing import Any

from hotfolder.commands.base import FileResult, Outcome
from hotfolder.commands.registry import Registry
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError
from hotfolder.pool.units import WorkerKey, WorkUnit


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux reports KiB


def worker_main(registry: Registry, key: WorkerKey, conn: Connection) -> None:
    """Entry point of a spawned worker; everything it needs arrives pickled."""
    import json

    try:
        command = registry.get(key.command)
        options = command.options_model.model_validate(json.loads(key.options_json))
        engine = command.load(key.lang, options)
    except HotfolderError as error:
        conn.send(("load_error", str(error)))
        return
    except Exception as error:  # an engine that will not load must say why, not vanish
        conn.send(("load_error", f"{type(error).__name__}: {error}\n{traceback.format_exc()}"))
        return
    # The model's objects live as long as the worker: move them out of the garbage
    # collector's sight so its passes over each batch stay short.
    gc.collect()
    gc.freeze()
    conn.send(("ready", peak_rss_mb()))
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return  # the daemon is gone
        if message[0] == "stop":
            return
        unit: WorkUnit = message[1]
        outcomes, tracebacks = _run(engine, unit)
        conn.send(("result", unit.id, outcomes, peak_rss_mb(), tracebacks))


def _run(engine: Any, unit: WorkUnit) -> tuple[list[Outcome], dict[int, str]]:
    try:
        outcomes: list[Outcome] = list(engine.process(list(unit.tasks)))
        if len(outcomes) != len(unit.tasks):
            raise RuntimeError(f"engine returned {len(outcomes)} outcomes for {len(unit.tasks)} files")
        return outcomes, {}
    except Exception as error:  # an engine bug fails the unit's files with a bug report, not the worker
        text = "".join(traceback.format_exception(error))
        print(text, file=sys.stderr)
        failure = FileFailure(f"internal error in {unit.key.command}: {type(error).__name__}: {error}", FailureCategory.SYSTEM)
        return [failure for _ in unit.tasks], {i: text for i in range(len(unit.tasks))}


__all__ = ["FileResult", "worker_main"]
