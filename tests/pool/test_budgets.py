"""Budgets per worker key: the gate asks for `morphotag:jpn`, not one figure for every morphotag worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hotfolder.commands.registry import Registry
from hotfolder.commands.transcribe.weights import PACKAGED_SIZE
from hotfolder.pool.budgets import base_budgets, budget_key, parse_budget_key
from hotfolder.pool.gate import LiveWorker, MemoryGate
from hotfolder.pool.units import WorkerKey
from tests.pool.test_memory_rules import ScriptedProbe


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("morphotag", ("morphotag", None, {})),  # a bare command name: the Temporal executor, old ledger rows
        ("morphotag:jpn", ("morphotag", "jpn", {})),
        ('transcribe:eng:{"model_dir": "/m:x"}', ("transcribe", "eng", {"model_dir": "/m:x"})),
        ("transcribe:eng:{broken", ("transcribe", "eng", {})),
    ],
)
def test_parse_budget_key(text: str, parsed: tuple[str, str | None, dict[str, str]]) -> None:
    assert parse_budget_key(text) == parsed


def test_budget_key_is_the_worker_keys_text() -> None:
    key = WorkerKey.of("transcribe", "eng", {"model_dir": "/models/small"})
    assert parse_budget_key(budget_key(key)) == ("transcribe", "eng", {"model_dir": "/models/small"})


def _model_dir(root: Path, size: int) -> Path:
    root.mkdir()
    with (root / "model.bin").open("wb") as out:  # sparse: the size is what counts
        out.truncate(size)
    return root


def test_declared_budgets_per_language_and_model(tmp_path: Path) -> None:
    base = base_budgets(Registry())
    assert [base(f"morphotag:{lang}") for lang in ("eng", "jpn", "deu", "nld")] == [700, 1000, 400, 1100]  # languages.py
    assert base("morphotag:auto") == base("morphotag") == 3000  # no table row: the command's figure
    assert base("align:spa") == base("align") == 1300  # a command with one budget for every key
    small = _model_dir(tmp_path / "small", 484 * 1024 * 1024)  # whisper-small, float16
    assert base("transcribe:eng") == 1500
    assert base(budget_key(WorkerKey.of("transcribe", "spa", {"model_dir": str(small)}))) == 1500 + 3 * ((484 * 1024 * 1024 - PACKAGED_SIZE) // 2**20)
    assert base(budget_key(WorkerKey.of("transcribe", "spa", {"model_dir": str(tmp_path / "none")}))) == 1500
    assert os.path.getsize(small / "model.bin") == 484 * 1024 * 1024


def test_the_gate_learns_and_admits_per_key() -> None:
    probe = ScriptedProbe(6000, {1: 500})
    gate = MemoryGate(2000, base_budgets(Registry()), probe=probe)
    assert (gate.budget("morphotag:deu"), gate.budget("morphotag:jpn"), gate.budget("morphotag")) == (600, 1500, 4500)  # x1.5
    # a German worker holding 500 MB may still take 100: another German one fits, an `auto` one does not
    assert gate.may_start_worker("morphotag:deu", [LiveWorker(1, "morphotag:deu")])  # 6000 - 100 - 600 >= 2000
    assert not gate.may_start_worker("morphotag", [LiveWorker(1, "morphotag:jpn")])  # 6000 - 1000 - 4500 < 2000
    gate.learn("morphotag:jpn", 1800)
    assert gate.budget("morphotag:jpn") == 2250 and gate.budget("morphotag:deu") == 600  # a peak stays with its key
