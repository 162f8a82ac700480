"""Start the real daemon with the test engine standing in for a command that has no engine.

Used by end-to-end tests as `python -m tests.support.launch CONFIG`: the same
`run_daemon` as `hotfolder run`, with one more registry entry.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from hotfolder.commands.registry import BUILTIN, Registry
from hotfolder.daemon.main import run_daemon

TEST_COMMAND = "coref"  # no offline engine exists for it, so nothing real is shadowed


def main() -> int:
    logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    registry = Registry({**BUILTIN, TEST_COMMAND: "tests.support.testengine:COMMAND"})
    return run_daemon(Path(sys.argv[1]), registry)


if __name__ == "__main__":
    sys.exit(main())
