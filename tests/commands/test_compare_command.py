"""The `compare` Command object: gold files are companions, never inputs of their own."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from hotfolder.commands.compare.command import COMMAND
from hotfolder.commands.compare.engine import CompareEngine
from hotfolder.commands.registry import Registry


def test_registered_under_its_name() -> None:
    assert Registry().get("compare") is COMMAND
    assert COMMAND.name == "compare"


def test_gold_files_are_never_primary_inputs() -> None:
    paths = ["x.cha", "x.gold.cha", "PWA/a.cha", "PWA/a.GOLD.cha", "x.wav", "x.compare.csv"]
    assert COMMAND.primary_inputs(paths) == ["x.cha", "PWA/a.cha"]
    assert COMMAND.primary_inputs(["lonely.gold.cha"]) == []


def test_options_take_no_key_and_it_is_available() -> None:
    with pytest.raises(ValidationError, match="lowercase"):
        COMMAND.options_model.model_validate({"lowercase": False})
    COMMAND.check_available("eng", COMMAND.options_model())
    COMMAND.check_available("yue", COMMAND.options_model())  # words are compared in any language
    assert isinstance(COMMAND.load("eng", COMMAND.options_model()), CompareEngine)


def test_checking_availability_does_not_import_jiwer() -> None:
    code = (
        "import sys\n"
        "from hotfolder.commands.registry import Registry\n"
        "command = Registry().get('compare')\n"
        "command.check_available('eng', command.options_model())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jiwer', 'rapidfuzz')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
