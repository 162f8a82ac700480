"""`GET /jobs/{id}/results/{filename}`: which result a requested name means, as batchalign3 finds it.

A name is matched, in order, against the job's receipt, the outputs of its done files,
its files' own (input) names, and then by stem within the same folder, so asking for
`x.wav` finds the `x.cha` a transcription wrote. A file that matched but has not ended
is a conflict (409: ask again later); one that failed is answered with its error.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from hotfolder.api.paths import checked_relative
from hotfolder.api.provenance import parse_provenance
from hotfolder.api.queries import content_type
from hotfolder.api.schemas import ContentType, FileResult
from hotfolder.ledger import reads
from hotfolder.ledger.states import FileStatus
from hotfolder.outbox.receipt import receipt_name


@dataclass(frozen=True)
class JobFile:
    filename: str
    status: FileStatus
    outputs: tuple[str, ...]
    error: str | None


@dataclass(frozen=True)
class Output:
    """A file to serve: an output of a done file, or the receipt."""

    path: str


@dataclass(frozen=True)
class Failed:
    filename: str
    error: str


@dataclass(frozen=True)
class Pending:
    filename: str
    status: FileStatus


Match = Output | Failed | Pending | None


def _stem(name: str) -> PurePosixPath:
    """The name without its last suffix, in its folder: `PWA/x.cha` -> `PWA/x`."""
    path = PurePosixPath(name)
    return path.with_suffix("") if path.suffix else path


def _answer(file: JobFile, wanted: str) -> Match:
    if file.status == FileStatus.ERROR:
        return Failed(file.filename, file.error or "failed")
    if file.status != FileStatus.DONE:
        return Pending(file.filename, file.status)
    if not file.outputs:
        return None
    same_stem = [out for out in file.outputs if _stem(out) == _stem(wanted)]
    return Output((same_stem or list(file.outputs))[0])


def match_result(wanted: str, files: Sequence[JobFile], receipt: str | None) -> Match:
    """What `wanted` names among the job's files (`receipt`: its name once written, else None)."""
    if receipt is not None and wanted == receipt:
        return Output(receipt)
    for file in files:
        if file.status == FileStatus.DONE and wanted in file.outputs:
            return Output(wanted)
    for file in files:
        if file.filename == wanted:
            return _answer(file, wanted)
    stem = _stem(wanted)
    for file in files:
        if _stem(file.filename) == stem:
            return _answer(file, wanted)
    for file in files:
        if file.status == FileStatus.DONE and any(_stem(out) == stem for out in file.outputs):
            return _answer(file, wanted)
    return None


@dataclass(frozen=True)
class Located:
    outbox: Path
    match: Match


def locate(conn: sqlite3.Connection, job_id: str, wanted: str) -> Located | None:
    """The job's outbox and what `wanted` matches, or None for an unknown job.

    Raises UnsafeResultPath for a name that could leave the outbox.
    """
    checked_relative(wanted)
    job = reads.job_outbox(conn, job_id)
    if job is None:
        return None
    files = [
        JobFile(row["filename"], FileStatus(row["status"]), _outputs(row["outputs"]), row["error"])
        for row in reads.file_rows(conn, job_id)
    ]
    receipt = receipt_name(job["bundle"]) if job["receipt_written"] else None
    return Located(Path(job["outbox_dir"]), match_result(wanted, files, receipt))


def _outputs(text: str | None) -> tuple[str, ...]:
    return () if text is None else tuple(str(item) for item in json.loads(text))


def file_result(outbox: Path, path: str, fd: int) -> FileResult:
    """The result open at `fd` (which this closes) as batchalign3's FileResult, its text in `content`."""
    with os.fdopen(fd, "rb") as handle:
        text = handle.read().decode("utf-8", errors="replace")  # outputs are UTF-8 text; never fail a read
    kind = content_type(path)
    provenance = parse_provenance(text.splitlines()) if kind is ContentType.CHAT else None
    return FileResult(filename=path, content=text, content_type=kind, provenance=provenance)
