"""Content checks on real files: CHAT must end with @End, WAV headers must match the size."""

from __future__ import annotations

import os
import struct
import threading
import wave
from pathlib import Path

import pytest

from hotfolder.watch.completeness import incomplete_reason

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# A real transcript: AphasiaBank Japanese TYO_a1 excerpt, via TalkBank/batchalign3 (see corpus/SOURCES.md).
TYO = CORPUS / "batchalign3/batchalign/tests/support/parity/jpn_tyo_timed.cha"


def write_wav(path: Path, frames: int, *, channels: int = 1, width: int = 2) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(width)
        w.setframerate(16_000)
        w.writeframes(b"\x01" * frames * channels * width)
    return path


def rf64(path: Path, data: bytes, *, riff_size: int | None = None) -> Path:
    fmt = struct.pack("<HHIIHH", 1, 1, 16_000, 32_000, 2, 16)
    body = b"WAVE" + b"ds64" + struct.pack("<IQQQI", 28, 0, len(data), len(data) // 2, 0)
    body += b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", 0xFFFFFFFF) + data
    size = len(body) if riff_size is None else riff_size
    body = body[:12] + struct.pack("<Q", size) + body[20:]  # riffSize lives in ds64, after its header
    path.write_bytes(b"RF64" + struct.pack("<I", 0xFFFFFFFF) + body)
    return path


def test_every_real_transcript_in_the_corpus_is_complete() -> None:
    transcripts = [p for p in CORPUS.rglob("*.cha") if p.name != "check-misses.cha"]  # a word list, not CHAT
    assert len(transcripts) > 20
    assert {p: incomplete_reason(p) for p in transcripts} == {p: None for p in transcripts}


def test_real_recording_in_the_corpus_is_complete() -> None:
    wav = CORPUS / "batchalign3/batchalign/tests/hk/fixtures/05b_clip.wav"
    assert incomplete_reason(wav) is None


@pytest.mark.parametrize(
    ("ending", "complete"),
    [
        (b"@End\n", True),
        (b"@End", True),
        (b"@End\r\n", True),
        (b"@End\n\n\n  \t\n", True),
        (b"@End  \n", True),
        (b"@End" + b"\n" * 10_000, True),  # blank tail longer than one read
        (b"", False),  # cut before the footer
        (b"@En", False),
        (b"@End\x00\x00\x00\x00", False),  # pre-sized file, data not all there
        (b"*PAR:\tsaid @End\n", False),  # @End not on a line of its own
        (b"@End\n*PAR:\tmore .\n", False),
    ],
)
def test_cha_ending(tmp_path: Path, ending: bytes, complete: bool) -> None:
    text = TYO.read_bytes()
    body = text[: text.rindex(b"@End")]
    path = tmp_path / "TYO_a1.cha"
    path.write_bytes(body + ending)
    reason = incomplete_reason(path)
    assert (reason is None) is complete
    if not complete:
        assert reason == "CHAT file does not end with @End yet"


def test_cha_ending_only_checks_the_tail(tmp_path: Path) -> None:
    path = tmp_path / "big.cha"
    path.write_bytes(b"@UTF8\n@Begin\n" + b"*CHI:\tba .\n" * 200_000 + b"@End\n")
    assert incomplete_reason(path) is None
    path.write_bytes(b"@UTF8\n@Begin\n" + b"*CHI:\tba .\n" * 200_000)
    assert incomplete_reason(path) is not None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_cha_with_bom(tmp_path: Path, encoding: str) -> None:
    bom = "\ufeff".encode(encoding)
    path = tmp_path / "u16.CHA"
    path.write_bytes(bom + "@UTF8\n@Begin\n*CHI:\tça .\n@End\r\n".encode(encoding))
    assert incomplete_reason(path) is None
    path.write_bytes(bom + "@UTF8\n@Begin\n*CHI:\tça .\n".encode(encoding))
    assert incomplete_reason(path) is not None


def test_wav_written_by_wave_is_complete(tmp_path: Path) -> None:
    assert incomplete_reason(write_wav(tmp_path / "a.wav", 1000)) is None
    assert incomplete_reason(write_wav(tmp_path / "b.WAV", 0)) is None  # empty but finished


def test_truncated_wav_is_incomplete(tmp_path: Path) -> None:
    path = write_wav(tmp_path / "a.wav", 1000)
    size = path.stat().st_size
    with open(path, "r+b") as f:
        f.truncate(size - 100)
    assert incomplete_reason(path) == f"WAV header announces {size} bytes, file has {size - 100}"


def test_wav_whose_header_is_not_updated_yet(tmp_path: Path) -> None:
    # Streaming writers put 0 (or 0xFFFFFFFF) in the RIFF size until they close the file.
    path = write_wav(tmp_path / "a.wav", 1000)
    data = bytearray(path.read_bytes())
    data[4:8] = struct.pack("<I", 0)
    path.write_bytes(bytes(data))
    assert incomplete_reason(path) == f"WAV header announces 8 bytes, file has {len(data)}"


@pytest.mark.parametrize(
    ("riff_size_delta", "extra_bytes", "complete"),
    [
        (0, b"", True),
        (0, b"\x00", True),  # odd chunk padded but the pad not counted
        (0, b"\x00\x00", False),
        (1, b"\x00", True),  # pad counted
    ],
)
def test_odd_sized_wav_pad_byte(tmp_path: Path, riff_size_delta: int, extra_bytes: bytes, complete: bool) -> None:
    path = write_wav(tmp_path / "odd.wav", 3, width=1)  # 3 data bytes: odd chunk
    data = bytearray(path.read_bytes())
    riff = struct.unpack("<I", data[4:8])[0]
    if riff % 2 == 0:  # make the announced size odd, as it is for an unpadded odd chunk
        data = data[:-1]
        riff -= 1
    data[4:8] = struct.pack("<I", riff + riff_size_delta)
    path.write_bytes(bytes(data) + extra_bytes)
    assert (incomplete_reason(path) is None) is complete


@pytest.mark.parametrize("prefix", [b"", b"RIF", b"RIFF\x10\x00\x00\x00WAV"])
def test_wav_header_not_there_yet(tmp_path: Path, prefix: bytes) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(prefix)
    assert incomplete_reason(path) == f"WAV header incomplete ({len(prefix)} bytes on disk)"


def test_not_a_wav_at_all(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    path.write_bytes(b"\x00" * 4096)  # pre-sized by the client, nothing written yet
    assert incomplete_reason(path) == "not a RIFF/WAVE file (or its header is not written yet)"


def test_rifx_big_endian(tmp_path: Path) -> None:
    path = tmp_path / "be.wav"
    path.write_bytes(b"RIFX" + struct.pack(">I", 8) + b"WAVEabcd")
    assert incomplete_reason(path) is None
    path.write_bytes(b"RIFX" + struct.pack(">I", 8) + b"WAVEab")
    assert incomplete_reason(path) is not None


def test_rf64_takes_size_from_ds64(tmp_path: Path) -> None:
    path = rf64(tmp_path / "long.wav", b"\x01\x02" * 100)
    assert incomplete_reason(path) is None
    size = path.stat().st_size
    path = rf64(tmp_path / "growing.wav", b"\x01\x02" * 100, riff_size=1)
    assert incomplete_reason(path) == f"WAV header announces 9 bytes, file has {size}"
    (tmp_path / "short.wav").write_bytes(b"RF64\xff\xff\xff\xffWAVEJUNK")
    assert incomplete_reason(tmp_path / "short.wav") == "RF64 header incomplete: no ds64 chunk"


def test_other_files_are_not_checked(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"")
    assert incomplete_reason(path) is None
    assert incomplete_reason(tmp_path / "vanished.mp3") is None  # not even opened


@pytest.mark.parametrize("name", ["gone.cha", "gone.wav"])
def test_vanished_file_gives_a_reason(tmp_path: Path, name: str) -> None:
    assert incomplete_reason(tmp_path / name) == "cannot be read: No such file or directory"


def test_directory_named_like_a_transcript_gives_a_reason(tmp_path: Path) -> None:
    (tmp_path / "odd.cha").mkdir()
    assert incomplete_reason(tmp_path / "odd.cha") == "cannot be read: Is a directory"


@pytest.mark.parametrize("name", ["swapped.cha", "swapped.wav"])
def test_a_fifo_swapped_in_after_the_scan_is_refused_at_once(tmp_path: Path, name: str) -> None:
    # The daemon checks completeness in its own loop: open() on a FIFO would wait for a writer forever.
    os.mkfifo(tmp_path / name)
    answer: list[str | None] = []
    reader = threading.Thread(target=lambda: answer.append(incomplete_reason(tmp_path / name)), daemon=True)
    reader.start()
    reader.join(5)
    assert answer == ["not a regular file"]


def test_a_link_swapped_in_is_not_read_through(tmp_path: Path) -> None:
    (tmp_path / "real.cha").write_text("@UTF8\n@Begin\n@End\n")
    os.symlink(tmp_path / "real.cha", tmp_path / "link.cha")
    assert incomplete_reason(tmp_path / "link.cha") == "cannot be read: Too many levels of symbolic links"
