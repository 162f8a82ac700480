"""The operator's subcommands: check-config, jobs, status, cancel, restart (all through the ledger)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from hotfolder.config import Settings, check_folders, load_settings
from hotfolder.daemon import pidfile
from hotfolder.errors import HotfolderError
from hotfolder.ledger import FileStatus, Job, JobStatus, Ledger, Request, RequestKind, reads
from hotfolder.ledger.db import connect
from hotfolder.ledger.states import check_job_move

APPLY_WAIT_S = 10.0  # how long a request waits for a running daemon before the CLI applies it itself


class NoLedger(HotfolderError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"no ledger at {path}: has the daemon run with this configuration?")


class RequestRefused(HotfolderError):
    """The job moved on between the check and the request's application (ended, restarted)."""


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
    rows = reads.job_summaries(_reader(args.config), args.status, args.limit)
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
    by_status = reads.jobs_by_status(conn)
    by_folder = reads.folder_backlog(conn)
    if args.json:
        print(json.dumps({"jobs": by_status, "folders": {k: {"backlog": v[0], "errors": v[1]} for k, v in by_folder.items()}}, indent=2))
        return 0
    print("jobs: " + (", ".join(f"{k} {v}" for k, v in sorted(by_status.items())) or "none yet"))
    for folder in settings.hotfolders:
        backlog, errors = by_folder.get(folder.name, (0, 0))
        print(f"  {folder.name:<16} {folder.command:<10} backlog {backlog:<5} errors {errors:<5} {folder.inbox}")
    return 0


def _resolve(ledger: Ledger, prefix: str) -> str:
    ids = reads.job_ids_like(ledger.conn, prefix, limit=2)
    if len(ids) != 1:
        raise AmbiguousJob(prefix, len(ids))
    return ids[0]


def applied(
    ledger: Ledger, request_id: int, wait_s: float, *,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
) -> Request:
    """The request once applied: by the daemon within `wait_s`, else here (once, whoever comes first)."""
    deadline = clock() + wait_s
    while clock() < deadline:
        request = reads.request(ledger.conn, request_id)
        if request.applied_at is not None:
            return request
        sleep(0.05)
    return ledger.apply_request(request_id)


def _steer(args: argparse.Namespace, kind: RequestKind, target: JobStatus) -> tuple[Job, int]:
    """Record `kind` for the job and see it applied: the job as it is then, and its files not done before."""
    settings = load_settings(args.config)
    ledger = Ledger(_ledger_path(settings), clock=time.time)
    try:
        job_id = _resolve(ledger, args.job)
        check_job_move(ledger.job(job_id).status, target)  # refused at once, nothing recorded
        unfinished = sum(1 for f in ledger.files(job_id) if f.status != FileStatus.DONE)
        request = ledger.request(job_id, kind)
        done = applied(ledger, request, APPLY_WAIT_S if pidfile.running(settings.state_dir) else 0.0)
        if done.error is not None:
            raise RequestRefused(done.error)
        return ledger.job(job_id), unfinished
    finally:
        ledger.close()


def cancel(args: argparse.Namespace) -> int:
    job, _ = _steer(args, RequestKind.CANCEL, JobStatus.CANCELLED)
    print(f"job {job.id} cancelled; its unfinished files will not run (use `hotfolder restart {job.id}` to resume)")
    return 0


def restart(args: argparse.Namespace) -> int:
    job, unfinished = _steer(args, RequestKind.RESTART, JobStatus.QUEUED)
    print(f"job {job.id} requeued: {unfinished} file(s) will run again")
    return 0


__all__ = ["cancel", "check_config", "jobs", "restart", "status"]
