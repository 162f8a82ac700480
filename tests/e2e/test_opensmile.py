"""opensmile through the real daemon: a synthesized WAV and a corpus mp3 in, feature CSVs out."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.commands.test_avqi_signals import vowel, write_wav
from tests.support.daemon import make_daemon

pytestmark = pytest.mark.e2e

CORPUS_CLIP = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/support/parity/eng_multi_speaker.mp3"


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_recordings_become_feature_tables(tmp_path: Path) -> None:
    folders: list[dict[str, Any]] = [
        {"name": "smile", "command": "opensmile"},
        {"name": "compare", "command": "opensmile", "options": {"feature_set": "ComParE_2016"}},
    ]
    d = make_daemon(tmp_path, folders)
    smile, compare = d.folders["smile"], d.folders["compare"]
    d.start()
    try:
        assert {"opensmile", "avqi"} <= set(d.get("/health")["capabilities"])
        write_wav(tmp_path / "x.wav", vowel(1.5, 16000), 16000)
        shutil.move(str(tmp_path / "x.wav"), smile.inbox / "x.wav")
        shutil.copyfile(CORPUS_CLIP, tmp_path / "clip.mp3")
        shutil.move(str(tmp_path / "clip.mp3"), compare.inbox / "clip.mp3")
        jobs = d.wait_jobs_ended(2, timeout=180)
        assert {j["status"] for j in jobs} == {"completed"}, d.log()

        (row,) = read_table(smile.outbox / "x.opensmile.csv")
        assert len(row) == 3 + 88 and row["file"] == "x.wav" and row["end"] == "1.5"
        receipt = json.loads((smile.outbox / "x.receipt.json").read_text())
        assert receipt["engines"] == {"opensmile": "2.6.0", "opensmile.feature_set": "eGeMAPSv02"}
        assert receipt["files"][0]["duration_s"] == 1.5

        (row,) = read_table(compare.outbox / "clip.opensmile.csv")
        assert len(row) == 3 + 6373 and row["file"] == "clip.mp3"
        assert json.loads((compare.outbox / "clip.receipt.json").read_text())["engines"]["opensmile.feature_set"] == "ComParE_2016"
    finally:
        assert d.stop() == 0, d.log()
