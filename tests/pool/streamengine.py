"""A streaming variant of the test engine (tests/support/testengine.py), with hangs the heartbeat must see.

`process` yields one outcome per file, so the worker knows which file is in hand. Extra
verbs: `gil_hang` (libc sleep called through ctypes.PyDLL, which keeps the GIL: the
heartbeat thread cannot run) and `sigstop` (the worker stops itself: nothing runs).
"""

from __future__ import annotations

import ctypes
import os
import signal
from collections.abc import Iterator

from pydantic import BaseModel

from hotfolder.commands.base import Engine, FileTask, Outcome
from tests.support.testengine import TestCommand, TestOptions, _Engine


class _StreamingEngine(_Engine):
    def process(self, tasks: list[FileTask]) -> Iterator[Outcome]:  # type: ignore[override]
        for task in tasks:
            verbs = task.input_path.read_text().split()
            if "gil_hang" in verbs:
                ctypes.PyDLL(None).sleep(3600)  # a C call that never returns and never releases the GIL
            if "sigstop" in verbs:
                os.kill(os.getpid(), signal.SIGSTOP)
            yield self._one(task)


class StreamingCommand(TestCommand):
    name = "stream"
    batch_size = 32

    def load(self, lang: str, options: BaseModel) -> Engine:
        assert isinstance(options, TestOptions)
        return _StreamingEngine(lang, options)


COMMAND = StreamingCommand()
REGISTRY_ENTRIES = {"stream": "tests.pool.streamengine:COMMAND", "test": "tests.support.testengine:COMMAND"}
