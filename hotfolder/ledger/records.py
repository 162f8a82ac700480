"""Plain values the ledger takes and gives: no SQL here."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from hotfolder.ledger.states import FileStatus, JobStatus, RequestKind


@dataclass(frozen=True)
class InputRecord:
    """One member of a claimed bundle, as fingerprinted when it was taken."""

    path: str  # absolute inbox path of the original
    display_path: str
    size: int
    mtime_ns: int
    inode: int
    sha256: str | None = None
    staged_path: str | None = None


@dataclass(frozen=True)
class NewJob:
    folder: str
    bundle: str
    bundle_kind: str
    command: str
    lang: str
    options: dict[str, Any]
    outbox_dir: str
    failed_dir: str
    staging_dir: str
    node_id: str
    files: tuple[str, ...]  # display paths of the primary inputs
    inputs: tuple[InputRecord, ...] = ()


@dataclass(frozen=True)
class Job:
    id: str
    folder: str
    bundle: str
    bundle_kind: str
    command: str
    lang: str
    options: dict[str, Any]
    status: JobStatus
    error: str | None
    submitted_at: float
    started_at: float | None
    completed_at: float | None
    outbox_dir: str
    failed_dir: str
    staging_dir: str
    released: bool
    receipt_written: bool

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Job:
        return cls(
            id=row["id"],
            folder=row["folder"],
            bundle=row["bundle"],
            bundle_kind=row["bundle_kind"],
            command=row["command"],
            lang=row["lang"],
            options=json.loads(row["options"]),
            status=JobStatus(row["status"]),
            error=row["error"],
            submitted_at=row["submitted_at"],
            started_at=row["started_at"],
            completed_at=row["completed_at"],
            outbox_dir=row["outbox_dir"],
            failed_dir=row["failed_dir"],
            staging_dir=row["staging_dir"],
            released=bool(row["released"]),
            receipt_written=bool(row["receipt_written"]),
        )


@dataclass(frozen=True)
class FileRecord:
    id: int
    job_id: str
    filename: str
    status: FileStatus
    attempts: int
    error: str | None = None
    error_category: str | None = None
    error_codes: list[str] = field(default_factory=list)
    error_line: int | None = None
    next_eligible_at: float | None = None
    started_at: float | None = None
    finished_at: float | None = None
    outputs: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)
    bug_report_id: str | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> FileRecord:
        return cls(
            id=row["id"],
            job_id=row["job_id"],
            filename=row["filename"],
            status=FileStatus(row["status"]),
            attempts=row["attempts"],
            error=row["error"],
            error_category=row["error_category"],
            error_codes=json.loads(row["error_codes"] or "[]"),
            error_line=row["error_line"],
            next_eligible_at=row["next_eligible_at"],
            started_at=row["started_at"],
            finished_at=row["finished_at"],
            outputs=json.loads(row["outputs"] or "[]"),
            notes=json.loads(row["notes"] or "{}"),
            bug_report_id=row["bug_report_id"],
        )


@dataclass(frozen=True)
class Request:
    """An operator's cancel or restart of a job, pending until `applied_at`."""

    id: int
    job_id: str
    kind: RequestKind
    requested_at: float
    applied_at: float | None
    error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Request:
        return cls(row["id"], row["job_id"], RequestKind(row["kind"]), row["requested_at"], row["applied_at"], row["error"])
