"""The daemon in one process: real folders and a real SQLite ledger, a MemoryExecutor and a fake clock.

Each dropped file's text is its script, one reply per attempt (the last line repeats):
`ok`, `crash`, `hang`, `shed` (stopped for memory), `fail <category> <message>`,
`sleep <seconds>` (succeeds after that much fake time), `badoutput` (a result whose
data is text: an engine bug met only when the daemon writes it). Nothing sleeps: `step` moves
the clock and runs one `Daemon.step()`.
"""

from __future__ import annotations

import contextlib
import io
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import yaml

from hotfolder import cli
from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.config import load_settings, resolve_pool
from hotfolder.daemon.service import Daemon
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger import FileRecord, Job
from hotfolder.pool.inmemory import Crash, Hang, MemoryExecutor, Reply, Takes
from hotfolder.pool.units import WorkUnit

START = 1_796_600_000.0  # 2026-12-06, a wall time the ledger and receipts can show
TICK_S = 0.5  # fake time one step takes by default
REGISTRY = Registry({"coref": "tests.support.testengine:COMMAND", "utseg": "tests.pool.streamengine:COMMAND"})


class FakeClock:
    def __init__(self) -> None:
        self.elapsed = 0.0

    def wall(self) -> float:
        return START + self.elapsed

    def mono(self) -> float:
        return 1000.0 + self.elapsed

    def advance(self, seconds: float) -> None:
        self.elapsed += seconds


class Script:
    """The behaviour given to the MemoryExecutor: each file's text, one line per attempt."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()

    def __call__(self, task: FileTask) -> Reply:
        lines = task.input_path.read_text().splitlines() or ["ok"]
        line = lines[min(self.calls[task.display_path], len(lines) - 1)]
        self.calls[task.display_path] += 1
        verb, _, rest = line.strip().partition(" ")
        if verb == "crash":
            return Crash()
        if verb == "hang":
            return Hang()
        if verb == "shed":
            return Crash("stopped to relieve host memory pressure; requeued", FailureCategory.MEMORY_PRESSURE)
        if verb == "fail":
            category, _, message = rest.partition(" ")
            return FileFailure(message or "test failure", FailureCategory(category))
        if verb == "badoutput":
            return FileResult([FileOutput(task.display_path, "text, not bytes")])  # type: ignore[arg-type]
        output = FileResult([FileOutput(task.display_path, task.input_path.read_bytes() + b"ok\n")], engines={"memory": "1"})
        return Takes(float(rest), output) if verb == "sleep" else output


class Harness:
    def __init__(self, root: Path, *, command: str = "coref", max_attempts: int = 3, file_timeout_s: float = 60, archive: bool = False) -> None:
        self.root = root
        self.inbox, self.outbox, self.failed = root / "inbox", root / "outbox", root / "failed"
        self.config = root / "config.yaml"
        folder = {"name": "lab", "command": command, "inbox": "inbox", "outbox": "outbox", "failed": "failed", "settle_s": 1.0, "watch": "polling", "poll_interval_s": 0.5}
        if archive:
            folder["archive"] = "archive"
        pool = {"max_workers": 2, "memory_reserve_mb": 0, "max_attempts": max_attempts, "file_timeout_s": file_timeout_s, "warmup": False}
        self.config.write_text(yaml.safe_dump({"state_dir": "state", "node_id": "test", "hotfolders": [folder], "pool": pool}))
        self.clock = FakeClock()
        self.script = Script()
        self.deferring: str | None = None  # a reason while the memory gate says wait
        self.daemon = self._open()

    def _open(self) -> Daemon:
        settings = load_settings(self.config)
        pool = resolve_pool(settings.pool, total_mb=16_384, cpu_count=2)
        self.executor = MemoryExecutor(self.script, max_workers=pool.max_workers, defer=self._defer, clock=self.clock.mono)
        daemon = Daemon(settings, pool, self.executor, registry=REGISTRY, gate=None, wall=self.clock.wall, mono=self.clock.mono)
        daemon.start()
        return daemon

    def _defer(self, unit: WorkUnit) -> str | None:
        return self.deferring

    # -- acting ------------------------------------------------------------------
    def drop(self, name: str, script: str = "ok") -> Path:
        path = self.inbox / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(script + "\n")
        return path

    def step(self, times: int = 1, advance: float = TICK_S) -> None:
        for _ in range(times):
            self.clock.advance(advance)
            self.daemon.step(poll_s=0)

    def until(self, done: Callable[[], bool], *, steps: int = 400, advance: float = TICK_S) -> int:
        """Step until `done()`; returns the steps taken (fails the test past `steps`)."""
        for taken in range(steps):
            if done():
                return taken
            self.step(advance=advance)
        raise AssertionError(f"not reached in {steps} steps ({steps * advance:g} fake seconds)")

    def cli(self, *args: str) -> str:
        """`hotfolder <args> --config ...` in this process, as an operator runs it beside the daemon."""
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = cli.main([*args, "--config", str(self.config)])
        assert code == 0, out.getvalue()
        return out.getvalue()

    def restart_daemon(self, *, clean: bool, grace_s: float = 0) -> None:
        """Stop (cleanly, or as a kill -9 would: the ledger just closed) and start a new daemon on the same state."""
        if clean:
            self.daemon.shutdown(grace_s=grace_s)
        else:
            self.daemon.ledger.close()
        self.daemon = self._open()

    # -- looking -------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        rows = self.daemon.ledger.conn.execute("SELECT id FROM jobs ORDER BY submitted_at, id").fetchall()
        return [self.daemon.ledger.job(r[0]) for r in rows]

    def job(self) -> Job:
        (only,) = self.jobs()
        return only

    def files(self, job: Job | None = None) -> list[FileRecord]:
        return self.daemon.ledger.files((job or self.job()).id)

    def file(self, name: str) -> FileRecord:
        return next(f for j in self.jobs() for f in self.files(j) if f.filename == name)

    def events(self, kind: str) -> int:
        """How many ledger events of `kind` were recorded."""
        return int(self.daemon.ledger.conn.execute("SELECT COUNT(*) FROM events WHERE kind = ?", (kind,)).fetchone()[0])

    def ended(self) -> bool:
        jobs = self.jobs()
        return bool(jobs) and all(j.released for j in jobs)
