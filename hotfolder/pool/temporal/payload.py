"""What crosses Temporal: small JSON naming files under `shared_staging`, never the files themselves.

Layout under the shared root, per unit:
    <unit_id>/in/<i>/<name>               the staged input of task i (a hard link where the filesystem allows)
    <unit_id>/in/<i>/c<j>/<name>          its companions (recordings, gold files)
    <unit_id>/out/<attempt>               every output of the unit, one after another, written by the worker attempt `attempt`
Paths in payloads are relative to the root, so each side may mount it elsewhere. Outputs of an
attempt live in their own file: a stale attempt that still runs cannot overwrite the current one's.
One file a unit, each output a (offset, size) slice of it: a file per output cost both sides a
create, a write, a read and an unlink each, about a third of their CPU on a 32-file text unit.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError
from hotfolder.pool.units import PoolEvent, UnitFailed, UnitFinished, WorkerKey, WorkUnit

Json = dict[str, Any]


class PayloadError(HotfolderError):
    """A payload or a staged file is not what the other side wrote."""


def _place(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # staged inputs are never modified: a link is a safe, free copy
    except OSError:
        shutil.copy2(source, target)


def stage_unit(unit: WorkUnit, root: Path, token: str) -> Json:
    """Put `unit`'s inputs under `root` and describe it; `token` is the attempt the lab server issued (fencing)."""
    base = root / unit.id / "in"
    tasks = []
    for i, task in enumerate(unit.tasks):
        here = base / str(i)
        _place(task.input_path, here / task.input_path.name)
        companions = {}
        for j, (display, path) in enumerate(sorted(task.companions.items())):
            _place(path, here / f"c{j}" / path.name)
            companions[display] = f"{unit.id}/in/{i}/c{j}/{path.name}"
        tasks.append({
            "display_path": task.display_path, "input": f"{unit.id}/in/{i}/{task.input_path.name}", "lang": task.lang,
            "companions": companions, "media_search": [str(p) for p in task.media_search],
        })
    return {
        "unit_id": unit.id, "token": token, "command": unit.key.command, "lang": unit.key.lang, "options_json": unit.key.options_json,
        "file_ids": list(unit.file_ids), "timeout_s": unit.timeout_s, "tasks": tasks,
    }


def _inside(root: Path, relative: str) -> Path:
    """`relative` under `root` (already absolute and resolved), refused if `..` leads out of it.

    Lexical, not `resolve()`: both sides write the share and never put symlinks in it, and a
    resolve per path (a stat per component) was a sixth of a worker's CPU on a 32-file unit.
    """
    path = Path(os.path.normpath(root / relative))
    if not path.is_relative_to(root):
        raise PayloadError(f"payload path {relative!r} leaves the shared staging folder")
    return path


def unit_from(payload: Json, root: Path) -> WorkUnit:
    """The worker machine's view of a staged unit: the same unit, paths under its own mount."""
    root = root.resolve()
    try:
        tasks = tuple(
            FileTask(t["display_path"], _inside(root, t["input"]), t["lang"],
                     {d: _inside(root, rel) for d, rel in t["companions"].items()}, tuple(Path(p) for p in t["media_search"]))
            for t in payload["tasks"]
        )
        key = WorkerKey(payload["command"], payload["lang"], payload["options_json"])
        return WorkUnit(payload["unit_id"], key, tasks, tuple(payload["file_ids"]), float(payload["timeout_s"]))
    except (KeyError, TypeError, ValueError) as error:
        raise PayloadError(f"malformed unit payload: {type(error).__name__}: {error}") from None


# -- outcomes -------------------------------------------------------------------
class _Blob:
    """The outputs of one attempt, gathered for a single write."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> list[int]:
        """Append `data`; where it lies: [offset, size]."""
        self.parts.append(data)
        self.size += len(data)
        return [self.size - len(data), len(data)]


def _outcome_out(outcome: Outcome, blob: _Blob) -> Json:
    if isinstance(outcome, FileFailure):
        return {"ok": False, "message": outcome.message, "category": str(outcome.category), "codes": outcome.codes, "line": outcome.line}
    outputs = []
    for output in outcome.outputs:
        if not isinstance(output.data, bytes):  # an engine bug: the lab server reports it when it writes, as locally
            outputs.append({"display_path": output.display_path, "text": str(output.data)})
            continue
        outputs.append({"display_path": output.display_path, "at": blob.add(output.data)})
    return {"ok": True, "outputs": outputs, "engines": dict(outcome.engines), "notes": json.loads(json.dumps(outcome.notes, default=str))}


def event_out(event: UnitFinished | UnitFailed, root: Path, unit_id: str, attempt: str) -> Json:
    """The worker's result as JSON, the output bytes written to this attempt's own file."""
    blob = _Blob()
    if isinstance(event, UnitFinished):
        data: Json = {"kind": "finished", "outcomes": [_outcome_out(o, blob) for o in event.outcomes], "peak_rss_mb": event.peak_rss_mb,
                      "tracebacks": {str(i): t for i, t in event.tracebacks.items()}}
    else:
        data = {"kind": "failed", "category": str(event.category), "message": event.message, "detail": json.loads(json.dumps(event.detail, default=str)),
                "done": {str(i): _outcome_out(o, blob) for i, o in event.done.items()},
                "charged": None if event.charged is None else list(event.charged)}
    if blob.parts:
        rel = f"{unit_id}/out/{attempt}"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"".join(blob.parts))
        data["blob"] = rel
    return data


def _outcome_in(data: Json, blob: bytes) -> Outcome:
    if not data["ok"]:
        return FileFailure(data["message"], FailureCategory(data["category"]), codes=list(data["codes"]), line=data["line"])
    outputs = []
    for o in data["outputs"]:
        if "at" in o:
            offset, size = (int(n) for n in o["at"])
            if offset < 0 or size < 0 or offset + size > len(blob):
                raise ValueError(f"output {o['display_path']!r} lies outside the {len(blob)}-byte outputs file")
            body: Any = blob[offset : offset + size]
        else:
            body = o["text"]
        outputs.append(FileOutput(o["display_path"], body))
    return FileResult(outputs, engines=dict(data["engines"]), notes=dict(data["notes"]))


def event_in(data: Json, root: Path, unit_id: str) -> PoolEvent:
    """The lab server's view of a worker's result: outputs read back as bytes, for the daemon to write atomically."""
    try:
        blob = _inside(root.resolve(), data["blob"]).read_bytes() if "blob" in data else b""
        if data["kind"] == "finished":
            tracebacks = {int(i): t for i, t in data["tracebacks"].items()}
            return UnitFinished(unit_id, [_outcome_in(o, blob) for o in data["outcomes"]], data["peak_rss_mb"], tracebacks)
        done = {int(i): _outcome_in(o, blob) for i, o in data["done"].items()}
        charged = None if data["charged"] is None else tuple(data["charged"])
        return UnitFailed(unit_id, FailureCategory(data["category"]), data["message"], dict(data["detail"]), done, charged)
    except (KeyError, TypeError, ValueError, OSError) as error:
        raise PayloadError(f"unit {unit_id}: unreadable result from the worker: {type(error).__name__}: {error}") from None


def discard_unit(root: Path, unit_id: str) -> None:
    """The unit's shared folder, once its result is applied (or it was cancelled)."""
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(root / unit_id)
