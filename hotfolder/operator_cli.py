"""The operator's subcommands: check-config, jobs, status, cancel, restart (all through the ledger)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from datetime import datetime
from pathlib import Path

from hotfolder.config import Settings, check_folders, load_settings
from hotfolder.errors import HotfolderError
from hotfolder.ledger import Ledger
from hotfolder.ledger.db import connect


class NoLedger(HotfolderError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"no ledger at {path}: has the daemon run with this configuration?")


class AmbiguousJob(HotfolderError):
    def __init__(self, prefix: str, matches: int) -> None:
        super().__init__(f"job id {prefix!r} " + ("matches no job" if matches == 0 else f"matches {matches} jobs; give more of it"))


def _ledger_path(settings: Settings) -> Path:
    path = settings.state_dir / "ledger.db"
    if not path.exists():
        raise NoLedger(path)
    return path


def _reader(config: Path) -> sqlite3.Connection:
    return connect(_ledger_path(load_settings(config)), readonly=True)


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S") if ts else "-"


def check_config(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    print(f"{args.config}: configuration is valid ({len(settings.hotfolders)} hot folder(s))")
    ok = True
    from hotfolder.commands.registry import Registry
    from hotfolder.daemon.capabilities import require_commands

    try:
        require_commands(settings, Registry())
        print("commands: every hot folder's engine is installed and loads")
    except HotfolderError as error:
        ok = False
        print(f"commands: FAILED: {error}")
    for check in check_folders(settings):
        ok = ok and check.ok
        print(f"  {check.folder_name:<16} {check.role!s:<8} {'ok' if check.ok else 'FAILED':<6} {check.path}  {check.detail}")
    return 0 if ok else 1


def jobs(args: argparse.Namespace) -> int:
    conn = _reader(args.config)
    where, params = ("WHERE j.status = ?", [args.status]) if args.status else ("", [])
    rows = conn.execute(
        "SELECT j.id, j.folder, j.bundle, j.command, j.status, j.submitted_at, COUNT(f.id) AS total,"
        " SUM(f.status = 'done') AS done, SUM(f.status = 'error') AS errors FROM jobs j LEFT JOIN files f ON f.job_id = j.id"
        f" {where} GROUP BY j.id ORDER BY j.submitted_at DESC LIMIT ?",
        [*params, args.limit],
    ).fetchall()
    if args.json:
        print(json.dumps([dict(r) for r in rows], indent=2))
        return 0
    print(f"{'JOB':<36}  {'FOLDER':<14} {'COMMAND':<10} {'STATUS':<11} {'FILES':>9}  {'SUBMITTED':<19}  BUNDLE")
    for r in rows:
        files = f"{r['done'] or 0}/{r['total']}" + (f" !{r['errors']}" if r["errors"] else "")
        print(f"{r['id']:<36}  {r['folder']:<14} {r['command']:<10} {r['status']:<11} {files:>9}  {_when(r['submitted_at']):<19}  {r['bundle']}")
    return 0


def status(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    conn = connect(_ledger_path(settings), readonly=True)
    by_status = dict(conn.execute("SELECT status, COUNT(*) FROM jobs GROUP BY status").fetchall())
    by_folder = {r[0]: (r[1], r[2]) for r in conn.execute(
        "SELECT j.folder, SUM(f.status IN ('queued', 'processing')), SUM(f.status = 'error') FROM jobs j JOIN files f ON f.job_id = j.id GROUP BY j.folder")}
    if args.json:
        print(json.dumps({"jobs": by_status, "folders": {k: {"backlog": v[0], "errors": v[1]} for k, v in by_folder.items()}}, indent=2))
        return 0
    print("jobs: " + (", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) or "none yet"))
    for folder in settings.hotfolders:
        backlog, errors = by_folder.get(folder.name, (0, 0))
        print(f"  {folder.name:<16} {folder.command:<10} backlog {backlog or 0:<5} errors {errors or 0:<5} {folder.inbox}")
    return 0


def _resolve(ledger: Ledger, prefix: str) -> str:
    rows = ledger.conn.execute("SELECT id FROM jobs WHERE id LIKE ? || '%' LIMIT 2", (prefix,)).fetchall()
    if len(rows) != 1:
        raise AmbiguousJob(prefix, len(rows))
    return str(rows[0][0])


def cancel(args: argparse.Namespace) -> int:
    ledger = Ledger(_ledger_path(load_settings(args.config)), clock=time.time)
    job = ledger.cancel(_resolve(ledger, args.job))
    print(f"job {job.id} cancelled; its unfinished files will not run (use `hotfolder restart {job.id}` to resume)")
    return 0


def restart(args: argparse.Namespace) -> int:
    ledger = Ledger(_ledger_path(load_settings(args.config)), clock=time.time)
    job = ledger.restart(_resolve(ledger, args.job))
    waiting = sum(1 for f in ledger.files(job.id) if f.status == "queued")
    print(f"job {job.id} requeued: {waiting} file(s) will run again")
    return 0


__all__ = ["cancel", "check_config", "jobs", "restart", "status"]
