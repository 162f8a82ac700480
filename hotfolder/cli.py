"""`hotfolder`: run the daemon, check a configuration, and look at or steer jobs through the ledger."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from hotfolder import __version__
from hotfolder.errors import HotfolderError

DEFAULT_CONFIG = os.environ.get("HOTFOLDER_CONFIG", "/etc/hotfolder/server.yaml")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hotfolder", description="Hot-folder daemon for CHAT transcripts and recordings.")
    parser.add_argument("--version", action="version", version=f"hotfolder {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the daemon in the foreground (SIGTERM finishes the file in hand and exits 0)")
    run.add_argument("--config", required=True, type=Path, help="YAML configuration file")
    run.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])

    worker = sub.add_parser("worker", help="run a worker machine: take work units from Temporal (pool.executor: temporal)")
    worker.add_argument("--config", required=True, type=Path, help="the worker machine's YAML file (README: Scaling out)")
    worker.add_argument("--log-level", default="INFO", choices=["DEBUG", "INFO", "WARNING", "ERROR"])

    check = sub.add_parser("check-config", help="validate a configuration and test every folder for read/write/rename")
    check.add_argument("config", type=Path, help="YAML configuration file")

    for name, text in (("jobs", "list jobs, newest first"), ("status", "summarise the ledger: jobs by state, folders")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--config", type=Path, default=Path(DEFAULT_CONFIG), help=f"configuration file [{DEFAULT_CONFIG}]")
        p.add_argument("--json", action="store_true", help="print JSON instead of a table")
        if name == "jobs":
            p.add_argument("--status", help="only jobs in this state")
            p.add_argument("--limit", type=int, default=50)

    for name, text in (("cancel", "cancel a job: its work stops within seconds and it stays cancelled"),
                       ("restart", "requeue the unfinished files of a cancelled or failed job")):
        p = sub.add_parser(name, help=text)
        p.add_argument("job", help="job id (a unique prefix is enough)")
        p.add_argument("--config", type=Path, default=Path(DEFAULT_CONFIG), help=f"configuration file [{DEFAULT_CONFIG}]")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            from hotfolder.daemon.main import run_daemon

            logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
            return run_daemon(args.config)
        if args.command == "worker":
            from hotfolder.pool.temporal.machine import run_worker
            from hotfolder.pool.temporal.workerconfig import load_worker_settings

            logging.basicConfig(level=args.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
            return run_worker(load_worker_settings(args.config))
        from hotfolder import operator_cli

        handler = getattr(operator_cli, args.command.replace("-", "_"))
        result: int = handler(args)
        return result
    except HotfolderError as error:
        print(f"hotfolder: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
