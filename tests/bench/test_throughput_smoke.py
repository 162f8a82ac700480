"""bench/throughput.py end to end on five files: real daemon, bare spaCy loop, report, clean-up."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.e2e


def test_quick_run_reports_the_ratio_and_cleans_up(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # the script's workspace lands here
    script = ROOT / "bench" / "throughput.py"
    done = subprocess.run([sys.executable, str(script), "--quick", "--files", "5"], capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    out = done.stdout
    assert done.returncode == 0, out + done.stderr
    assert re.search(r"^ratio\s+\d+\.\d\d = daemon \d+\.\d\d s / bare \d+\.\d\d s", out, re.M), out
    assert re.search(r"^throughput drop -> last receipt \d+\.\d\d s = \d+\.\d files/s", out, re.M), out
    assert re.search(r"jobs \{'completed': 5\}; 5 outputs", out), out
    assert re.search(r"^idle RSS\s+\d+\.\d MiB \(USS \d+\.\d MiB, \d+ child processes\)", out, re.M), out
    assert re.search(r"^detection .* n=2\)", out, re.M), out
    workspace = re.search(r"^workspace\s+(\S+)", out, re.M)
    assert workspace is not None and Path(workspace.group(1)).parent == tmp_path, out
    assert not Path(workspace.group(1)).exists()  # removed, daemon stopped
