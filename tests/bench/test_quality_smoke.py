"""bench/quality.py end to end on a small copy of the corpus: every figure printed with its aim."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = [
    "batchalign3/batchalign/tests/golden/ba2_reference/morphotag/eng_disfluency.jan9.cha",  # a UD %mor reference
    "batchalign3/test-fixtures/utr_real_world_regression_input.cha",  # real speech: utseg joins and translate
]


def test_the_combined_benchmark_reports_every_aim(tmp_path: Path) -> None:
    for name in FILES:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, target)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "quality.py"), "--corpus", str(tmp_path), "--json"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    rows = {row["figure"]: row for row in json.loads(done.stdout)}
    assert done.returncode == (0 if all(r["met"] for r in rows.values()) else 1), done.stderr
    assert rows["morphotag items compared"]["value"] > 20
    assert rows["%mor tiers without terminator (all corpus)"]["value"] == 0
    assert rows["translate utterances differing from alone"]["value"] == 0
    assert rows["translate utterances compared"]["value"] > 10
    assert rows["utseg never-split violations"]["value"] == 0
