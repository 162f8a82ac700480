"""The `avqi` Command object: inputs, options, availability, loading (and both acoustic commands' light imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from hotfolder.commands.avqi.command import COMMAND, Avqi
from hotfolder.commands.avqi.voice_quality import AvqiEngine
from hotfolder.commands.registry import Registry
from hotfolder.errors import CommandUnavailable

ROOT = Path(__file__).resolve().parents[2]


def test_registered_under_its_name() -> None:
    assert Registry().get("avqi") is COMMAND
    assert COMMAND.name == "avqi" and COMMAND.batch_size == 1


def test_primary_inputs_are_the_continuous_speech_recordings() -> None:
    paths = ["P1.cs.wav", "P1.sv.wav", "P2.CS.mp3", "P2.sv.mp3", "P3.sv.wav", "P1.wav", "notes.cs.txt", "sub/P4.cs.m4a"]
    assert COMMAND.primary_inputs(paths) == ["P1.cs.wav", "P2.CS.mp3", "sub/P4.cs.m4a"]
    assert COMMAND.primary_inputs(["P3.sv.wav"]) == []  # a vowel alone is not a job


def test_takes_no_options() -> None:
    COMMAND.options_model.model_validate({})
    with pytest.raises(ValidationError, match="version"):
        COMMAND.options_model.model_validate({"version": "02.03"})


def test_load_gives_the_engine() -> None:
    engine = COMMAND.load("eng", COMMAND.options_model())
    assert isinstance(engine, AvqiEngine)


def test_unavailable_without_parselmouth() -> None:
    COMMAND.check_available("eng", COMMAND.options_model())
    with pytest.raises(CommandUnavailable, match="praat-parselmouth is not installed: pip install praat-parselmouth") as raised:
        Avqi(find_spec=lambda name: None).check_available("eng", COMMAND.options_model())
    assert raised.value.command == "avqi"


@pytest.mark.parametrize(("command", "heavy"), [("avqi", ["parselmouth"]), ("opensmile", ["opensmile", "pandas"])])
def test_checking_availability_keeps_engines_out_of_the_daemon(command: str, heavy: list[str]) -> None:
    # The daemon checks every folder's command at start-up; the engines' libraries belong in workers.
    code = (
        "import sys\n"
        f"from hotfolder.commands.{command}.command import COMMAND\n"
        "COMMAND.check_available('eng', COMMAND.options_model())\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
