"""align through the real daemon: recordings in the bundle or under the folder's media mapping."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hotfolder.chat import ChatFile, from_bytes, validate
from hotfolder.commands.utseg.timing import parse_wor
from tests.support.daemon import ROOT, make_daemon
from tests.support.speech import speech_cache, synthesize

pytestmark = pytest.mark.e2e

HEADER = (
    "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n"
    "@ID:\teng|test|CHI|||||Target_Child|||\n"
)


def transcript(media: str, main: str, options: str = "") -> str:
    return f"{HEADER}{options}@Media:\t{media}, audio\n*CHI:\t{main} .\n%com:\tuntouched\n@End\n"


def timings(chat: ChatFile) -> list[tuple[str, int, int]]:
    return [(word, *times) for word, times in parse_wor(chat.utterances[0].tier("wor") or "") if times]


def test_align_bundle_mapping_root_noalign_and_missing(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = speech_cache(tmp_path_factory)
    beside = synthesize("please call stella", cache)
    mapped = synthesize("the blorfing dog sat down", cache)
    lab = tmp_path / "lab"
    (lab / "PWA").mkdir(parents=True)
    shutil.copyfile(mapped.wav, lab / "PWA" / "y.wav")  # mirrors the bundle's PWA/y.cha

    incoming = tmp_path / "incoming"
    (incoming / "PWA").mkdir(parents=True)
    shutil.copyfile(beside.wav, incoming / "x.wav")
    (incoming / "x.cha").write_text(transcript("x", "please call stella"), encoding="utf-8")
    (incoming / "PWA" / "y.cha").write_text(transcript("y", "the blorfing dog sat down"), encoding="utf-8")
    (incoming / "skip.cha").write_text(transcript("skip", "not aligned", "@Options:\tNoAlign\n"), encoding="utf-8")
    (incoming / "z.cha").write_text(transcript("z", "nobody recorded this"), encoding="utf-8")

    d = make_daemon(
        tmp_path,
        [{"name": "al", "command": "align", "media_mapping": "lab"}],
        extra={"media_mappings": {"lab": str(lab)}},
    )
    folder = d.folders["al"]
    d.start()
    try:
        assert "align" in d.get("/health")["capabilities"]
        shutil.move(str(incoming / "x.wav"), folder.inbox / "x.wav")
        for name in ("x.cha", "PWA", "skip.cha", "z.cha"):
            shutil.move(str(incoming / name), folder.inbox / name)
        jobs = d.wait_jobs_ended(4, timeout=240)
        assert sorted(j["status"] for j in jobs) == ["completed", "completed", "completed", "failed"], d.log()

        x = from_bytes((folder.outbox / "x.cha").read_bytes())
        assert [w for w, _, _ in timings(x)] == ["please", "call", "stella"]
        for (_, start, end), (_, true_start, true_end) in zip(timings(x), beside.words):
            assert abs(start - true_start) <= 100 and abs(end - true_end) <= 100
        assert x.utterances[0].tier("com") == "untouched"
        assert not [i for i in validate(x) if i.code in ("CHECK 82", "CHECK 83", "CHECK 89")]
        receipt = json.loads((folder.outbox / "x.receipt.json").read_text())
        assert receipt["command"] == "align" and receipt["engines"] == {"pocketsphinx": "5.1.1"}
        assert sorted(i["path"] for i in receipt["inputs"]) == ["x.cha", "x.wav"]
        assert receipt["files"][0]["recording"] == "x.wav"

        y = from_bytes((folder.outbox / "PWA" / "y.cha").read_bytes())
        assert [w for w, _, _ in timings(y)] == ["the", "blorfing", "dog", "sat", "down"]
        y_receipt = json.loads((folder.outbox / "PWA.receipt.json").read_text())
        assert y_receipt["files"][0]["guessed_pronunciations"] == {"blorfing": "B L AO R F IH NG"}
        assert y_receipt["files"][0]["recording"] == "y.wav"

        skipped = (folder.outbox / "skip.cha").read_text(encoding="utf-8")
        assert "%wor" not in skipped and "[hf align | skipped=@Options NoAlign |" in skipped
        assert json.loads((folder.outbox / "skip.receipt.json").read_text())["files"][0]["skipped"] == "@Options: NoAlign"

        reason = json.loads((folder.failed / "z" / "z.cha.error.json").read_text())
        assert reason["category"] == "input_missing"
        assert f"{lab}/z.{{wav,mp3,flac,ogg,m4a,mp4}}" in reason["message"]
        assert (folder.failed / "z" / "z.cha").exists() and not (folder.outbox / "z.cha").exists()
    finally:
        assert d.stop() == 0, d.log()


SPANISH = "mañana vamos a la playa con nuestros amigos"


def test_spanish_file_in_a_spanish_folder_is_aligned_by_whisper(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize(SPANISH, speech_cache(tmp_path_factory), voice="es", gap_ms=200)
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    shutil.copyfile(spoken.wav, incoming / "es.wav")
    header = HEADER.replace("eng", "spa")  # @Languages and @ID
    (incoming / "es.cha").write_text(f"{header}@Media:\tes, audio\n*CHI:\t{SPANISH} .\n%com:\tsin tocar\n@End\n", encoding="utf-8")
    d = make_daemon(tmp_path, [{"name": "es", "command": "align", "lang": "spa"}])
    folder = d.folders["es"]
    d.start()
    try:
        listed = d.get("/health")["languages"]["align"]
        assert "spa: whisper-base (edges refined by pocketsphinx)" in listed and "eng: pocketsphinx" in listed
        shutil.move(str(incoming / "es.wav"), folder.inbox / "es.wav")
        shutil.move(str(incoming / "es.cha"), folder.inbox / "es.cha")
        [job] = d.wait_jobs_ended(1, timeout=240)
        assert job["status"] == "completed", d.log()
        chat = from_bytes((folder.outbox / "es.cha").read_bytes())
        assert [w for w, _, _ in timings(chat)] == SPANISH.split()
        for (_, start, end), (_, true_start, true_end) in zip(timings(chat), spoken.words):
            assert abs(start - true_start) <= 50 and abs(end - true_end) <= 100
        assert chat.utterances[0].tier("com") == "sin tocar"
        assert chat.provenance()[0].fields["engine"] == "whisper-base"
        receipt = json.loads((folder.outbox / "es.receipt.json").read_text())
        assert "faster-whisper" in receipt["engines"] and "pocketsphinx" in receipt["engines"]  # whisper's edges refined
        assert chat.provenance()[0].fields["refined"] == "pocketsphinx 5.1.1"
        assert receipt["files"][0]["languages"] == {"spa": "whisper-base"}
    finally:
        assert d.stop() == 0, d.log()


def test_check_config_refuses_an_align_folder_in_a_language_no_engine_serves(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "v", "command": "align", "lang": "vec"}])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "hotfolder.cli", "check-config", str(d.config_path)],
                            capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "align" in result.stdout and "no engine for language 'vec'" in result.stdout
