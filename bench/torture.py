"""Torture benchmark: every fault of tests/torture against a real daemon, at a larger size.

    .venv/bin/python bench/torture.py [--scale 2] [--only kill9_storm,full_state]

Per fault: drops, faults injected, inputs lost, duplicated, wrongly reported done,
daemon restarts needed (the daemon died on its own), inputs kept in failed/ with their
reason, and wall seconds. Aim: lost, dup, wrong and restarts all 0. Faults that need a
small filesystem mount a tmpfs, which needs root: without it that row says why it is missing.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.torture.faults import HEADER, SCENARIOS, Unavailable  # noqa: E402

BASE = {"kill9_storm": 200, "full_outbox": 40, "full_state": 30, "read_only_outbox": 20, "read_only_failed": 20, "inbox_moved": 30}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=2.0, help="drops per fault, as a multiple of the base size")
    parser.add_argument("--only", default="", help="comma-separated fault names")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n] or list(SCENARIOS)
    print(HEADER)
    bad = 0
    for name in names:
        with tempfile.TemporaryDirectory(prefix=f"hf-torture-{name}-") as tmp:
            try:
                tally = SCENARIOS[name](Path(tmp), files=max(4, int(BASE[name] * args.scale)))
            except Unavailable as why:
                print(f"{name:28s} not run: {why}")
                continue
        print(tally.row(), flush=True)
        bad += tally.lost + tally.duplicated + tally.wrongly_done + tally.restarts_needed
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
