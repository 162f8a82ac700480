"""translate through the real daemon: %xtra from apertium, and an unavailable pair refused at start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotfolder import chat
from tests.support.daemon import ROOT, make_daemon

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SOURCE = CORPUS / "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.cha"


def test_translate_end_to_end(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": "translate", "lang": "eng", "options": {"target": "spa"}}])
    folder = d.folders["t"]
    # The corpus file plus one utterance with nothing to translate.
    text = SOURCE.read_text(encoding="utf-8").replace("@End\n", "*CHI:\txxx .\n@End\n")
    (folder.inbox / "eng_multi_speaker.cha").write_text(text, encoding="utf-8")
    d.start()
    (job,) = d.wait_jobs_ended(1, timeout=120)
    assert job["status"] == "completed"
    out = chat.load(folder.outbox / "eng_multi_speaker.cha")
    assert [bool(u.tier("xtra")) for u in out.utterances] == [True] * 12 + [False]
    provenance = [(p.command, p.fields) for p in out.provenance()]
    assert provenance == [("translate", {"engine": "apertium", "pair": "eng-spa"})]
    receipt = json.loads((folder.outbox / "eng_multi_speaker.receipt.json").read_text())
    assert receipt["options"] == {"target": "spa"}
    assert "apertium-eng-spa" in receipt["engines"]
    (entry,) = receipt["files"]
    assert entry["pair"] == "eng-spa" and entry["utterances_translated"] == 12
    assert entry["utterances_skipped"] == 1
    assert "translate" in d.get("/health")["capabilities"]
    assert d.stop() == 0, d.log()


def test_a_pair_apertium_lacks_stops_the_daemon_at_start(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": "translate", "lang": "eng", "options": {"target": "cat"}}])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    config = str(d.config_path)
    for args, code, stream in ((["check-config", config], 1, "stdout"), (["run", "--config", config], 2, "stderr")):
        command = [sys.executable, "-m", "hotfolder.cli", *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
        assert done.returncode == code, done.stdout + done.stderr
        assert "apertium-eng-cat" in getattr(done, stream), done.stdout + done.stderr
