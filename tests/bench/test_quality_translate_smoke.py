"""bench/quality_translate.py on two corpus files: the current code differs nowhere, a crossing one does."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
FILES = [
    "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.cha",  # 12 utterances
    "chatter/corpus/reference/annotation/retrace.cha",  # 13
    "testchat/bad/multiple-end.cha",  # a broken conformance file: left out
]
# The translator before isolation, in short: every line through one `apertium -f line` call.
CROSSING = """
import subprocess
class Apertium:
    def __init__(self, mode):
        self.mode = mode
    def translate(self, lines):
        args = ["apertium", "-f", "line", self.mode]
        done = subprocess.run(args, input="\\n".join(lines) + "\\n", capture_output=True, text=True)
        return done.stdout.split("\\n")[: len(lines)]
"""


def test_counts_the_utterances_that_differ_from_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for name in FILES:
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(CORPUS / name, corpus / name)
    baseline = tmp_path / "crossing.py"
    baseline.write_text(CROSSING, encoding="utf-8")
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import quality_translate
    finally:
        sys.path.remove(str(ROOT / "bench"))
    result = quality_translate.run(corpus, baseline, repeats=1)
    assert (result["files"], result["files_failed"], result["utterances"], result["differs"]) == (2, 0, 25, 0)
    before = result["before"]
    assert isinstance(before, dict)
    assert before["utterances"] == 25 and before["differs_beyond_case"] >= 3, before
    assert {"batched_utterances_per_s", "alone_utterances_per_s"} <= result.keys()
    # The script itself prints both rows.
    script = [sys.executable, str(ROOT / "bench" / "quality_translate.py")]
    done = subprocess.run([*script, "--corpus", str(corpus), "--repeats", "1"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "now      files 2 (failed 0)  utterances 25  differs 0 (0 beyond case)" in done.stdout
