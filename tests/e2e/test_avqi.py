"""avqi through the real daemon: a speaker's folder with speech and vowel in, `P1/P1.avqi.txt` out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hotfolder.commands.audio import load_audio
from hotfolder.commands.avqi.index import LABELS, parse_report
from tests.commands.test_avqi_signals import vowel, write_wav
from tests.support.daemon import make_daemon
from tests.support.speech import speech_cache, synthesize

pytestmark = pytest.mark.e2e

RATE = 16000


def test_speaker_folder_becomes_an_index(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize("we were away a year ago", speech_cache(tmp_path_factory))
    speaker = tmp_path / "incoming" / "P1"
    speaker.mkdir(parents=True)
    write_wav(speaker / "P1.cs.wav", load_audio(spoken.wav, RATE), RATE)
    write_wav(speaker / "P1.sv.wav", vowel(3.5, RATE), RATE)
    lonely = write_wav(tmp_path / "incoming" / "P2.cs.wav", load_audio(spoken.wav, RATE), RATE)

    d = make_daemon(tmp_path, [{"name": "voice", "command": "avqi"}])
    folder = d.folders["voice"]
    d.start()
    try:
        shutil.move(str(speaker), folder.inbox / "P1")
        shutil.move(str(lonely), folder.inbox / "P2.cs.wav")
        jobs = d.wait_jobs_ended(2, timeout=180)
        assert sorted((j["status"], j["total_files"]) for j in jobs) == [("completed", 1), ("failed", 1)], d.log()

        values = parse_report((folder.outbox / "P1" / "P1.avqi.txt").read_text())
        assert list(values) == ["AVQI", *LABELS]
        receipt = json.loads((folder.outbox / "P1.receipt.json").read_text())
        assert [f["filename"] for f in receipt["files"]] == ["P1/P1.cs.wav"]  # the vowel is a companion
        assert receipt["files"][0]["avqi"] == pytest.approx(values["AVQI"], abs=1e-3)
        assert receipt["engines"]["avqi"] == "03.01"

        reason = json.loads((folder.failed / "P2" / "P2.cs.wav.error.json").read_text())
        assert reason["category"] == "input_missing"
        assert reason["message"] == "no sustained vowel for P2.cs.wav: expected P2.sv.{wav,mp3,flac,ogg,m4a,mp4} in the same bundle"
    finally:
        assert d.stop() == 0, d.log()
