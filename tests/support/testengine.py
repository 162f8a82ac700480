"""A test-only engine whose files say what to do: sleep, allocate, crash, hang, fail.

Each input file holds one instruction per line, for example `sleep 0.2`,
`alloc 300` (MB, held until the file ends), `crash SIGKILL`, `hang`,
`fail validation bad thing`, `transient` (fails on the file's first attempt),
`badoutput` (a result whose data is text, not bytes: an engine bug met at writing).
The output is the input with `ok` appended, under the same name.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from pydantic import BaseModel, ConfigDict

from hotfolder.commands.base import Engine, FileOutput, FileResult, FileTask, Outcome
from hotfolder.errors import FailureCategory, FileFailure

LOADS_ENV = "HF_TEST_ENGINE_LOADS"  # a file the engine appends one line to per load


class TestOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    load_s: float = 0.0


class _Engine:
    def __init__(self, lang: str, options: TestOptions) -> None:
        self.lang = lang
        time.sleep(options.load_s)
        marker = os.environ.get(LOADS_ENV)
        if marker:
            with open(marker, "a") as f:
                f.write(f"{os.getpid()} {lang}\n")

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return [self._one(task) for task in tasks]

    def _one(self, task: FileTask) -> Outcome:
        held: list[Any] = []
        for line in task.input_path.read_text().splitlines():
            verb, _, rest = line.strip().partition(" ")
            if verb == "sleep":
                time.sleep(float(rest))
            elif verb == "alloc":
                held.append(bytearray(int(float(rest) * 1024 * 1024)))
                for i in range(0, len(held[-1]), 4096):
                    held[-1][i] = 1  # touch every page so RSS really grows
            elif verb == "crash":
                os.kill(os.getpid(), getattr(signal, rest or "SIGKILL"))
            elif verb == "hang":
                while True:
                    time.sleep(1)
            elif verb == "fail":
                category, _, message = rest.partition(" ")
                return FileFailure(message or "test failure", FailureCategory(category), codes=["E999"], line=1)
            elif verb == "transient":
                seen = task.input_path.with_name(task.input_path.name + ".seen")
                if not seen.exists():  # fails on its first attempt only, whichever worker runs it
                    seen.touch()
                    return FileFailure("transient test failure", FailureCategory.PROVIDER_TRANSIENT)
            elif verb == "raise":
                raise RuntimeError(rest or "engine bug")
            elif verb == "badoutput":  # an engine bug the daemon only meets when it writes the result
                return FileResult([FileOutput(task.display_path, "text, not bytes")], engines={"testengine": "1"})  # type: ignore[arg-type]
        data = task.input_path.read_bytes() + b"ok\n"
        return FileResult([FileOutput(task.display_path, data)], engines={"testengine": "1"}, notes={"pid": os.getpid()})


class TestCommand:
    name = "test"
    options_model = TestOptions
    memory_mb = 100
    batch_size = 1

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        return [p for p in display_paths if p.endswith(".txt")]

    def check_available(self, lang: str, options: BaseModel) -> None:
        return None

    def load(self, lang: str, options: BaseModel) -> Engine:
        assert isinstance(options, TestOptions)
        return _Engine(lang, options)


COMMAND = TestCommand()
REGISTRY_ENTRIES = {"test": "tests.support.testengine:COMMAND"}
