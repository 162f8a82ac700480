"""A real ledger on a temporary SQLite file, with a clock the test moves."""

from __future__ import annotations

from pathlib import Path

from hotfolder.ledger import InputRecord, Ledger, NewJob


class Clock:
    def __init__(self, now: float = 1_796_600_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        self.now += 0.001  # strictly increasing: events and attempts keep their order
        return self.now


def new_job(files: tuple[str, ...] = ("a.cha",), folder: str = "t") -> NewJob:
    return NewJob(
        folder=folder, bundle="B", bundle_kind="folder", command="coref", lang="eng", options={},
        outbox_dir="/out", failed_dir="/failed", staging_dir="/staging", node_id="n",
        files=files, inputs=tuple(InputRecord(f"/in/{name}", name, 1, 1, i) for i, name in enumerate(files)),
    )


def ledger_at(path: Path) -> Ledger:
    return Ledger(path / "ledger.db", clock=Clock())
