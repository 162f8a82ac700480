"""benchmark through the real daemon: a corpus recording with its gold transcript, and a recording without one."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import jiwer
import pytest

from hotfolder.chat import from_bytes, validate
from hotfolder.commands.transcribe.scoring import normalize
from tests.support.daemon import make_daemon

pytestmark = pytest.mark.e2e

# English CHILDES excerpt (MacWhinney 010411a), 18 s, and its timed transcript: the gold.
PARITY = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/support/parity"


def spoken(path: Path) -> list[str]:
    return [piece for u in from_bytes(path.read_bytes()).utterances for w in u.wor_words() for piece in normalize(w.text)]


def test_recording_and_gold_become_a_scored_hypothesis(tmp_path: Path) -> None:
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copyfile(PARITY / "eng_multi_speaker.mp3", incoming / "x.mp3")
    shutil.copyfile(PARITY / "eng_multi_speaker.cha", incoming / "x.cha")
    shutil.copyfile(PARITY / "eng_multi_speaker.mp3", incoming / "lonely.mp3")

    d = make_daemon(tmp_path, [{"name": "bench", "command": "benchmark"}])
    folder = d.folders["bench"]
    d.start()
    try:
        for name in ("x.cha", "x.mp3", "lonely.mp3"):
            shutil.move(str(incoming / name), folder.inbox / name)
        jobs = d.wait_jobs_ended(2, timeout=240)
        assert sorted(j["status"] for j in jobs) == ["completed", "failed"], d.log()

        hypothesis = from_bytes((folder.outbox / "x.cha").read_bytes())
        assert validate(hypothesis) == [] and hypothesis.provenance()[0].command == "benchmark"
        gold, said = spoken(PARITY / "eng_multi_speaker.cha"), spoken(folder.outbox / "x.cha")
        wer = jiwer.wer(" ".join(gold), " ".join(said))
        assert hypothesis.provenance()[0].fields["wer"] == f"{wer:.3f}"

        receipt = json.loads((folder.outbox / "x.receipt.json").read_text())
        (entry,) = receipt["files"]
        assert entry["filename"] == "x.mp3" and entry["wer"] == pytest.approx(wer)
        assert sorted(entry["outputs"]) == ["x.cha", "x.compare.csv"]
        assert sorted(i["path"] for i in receipt["inputs"]) == ["x.cha", "x.mp3"]  # the gold went in, untouched

        with (folder.outbox / "x.compare.csv").open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert [r["gold"] for r in rows if r["op"] != "insertion"] == gold
        assert [r["hypothesis"] for r in rows if r["op"] != "deletion"] == said

        reason = json.loads((folder.failed / "lonely" / "lonely.mp3.error.json").read_text())
        assert reason["category"] == "input_missing" and "needs lonely.cha beside it" in reason["message"]
    finally:
        assert d.stop() == 0, d.log()
