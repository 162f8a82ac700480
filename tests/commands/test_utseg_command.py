"""The `utseg` Command object: inputs, availability, options, loading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.registry import Registry
from hotfolder.commands.utseg.command import COMMAND, UtsegOptions
from hotfolder.commands.utseg.engine import UtsegEngine
from hotfolder.errors import CommandUnavailable

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def test_registered_under_its_name() -> None:
    assert Registry().get("utseg") is COMMAND
    assert COMMAND.name == "utseg"
    assert COMMAND.batch_size > 1  # a text command: files batch into one parse stream


def test_primary_inputs_are_the_cha_files_but_gold_references() -> None:
    paths = ["a.cha", "PWA/b.CHA", "a.wav", "a.gold.cha", "notes.txt"]
    assert COMMAND.primary_inputs(paths) == ["a.cha", "PWA/b.CHA"]


def test_options() -> None:
    assert COMMAND.options_model.model_validate({}) == UtsegOptions(min_words=3)
    assert COMMAND.options_model.model_validate({"min_words": 4}).min_words == 4  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="min_words"):
        COMMAND.options_model.model_validate({"min_words": 0})
    with pytest.raises(ValidationError, match="max_words"):
        COMMAND.options_model.model_validate({"max_words": 9})


def test_check_available_names_the_languages_it_parses() -> None:
    options = UtsegOptions()
    COMMAND.check_available("eng", options)
    COMMAND.check_available("fra", options)
    expected = r"no spaCy pipeline for language 'yue' \(utseg parses: eng, fra\)"
    with pytest.raises(CommandUnavailable, match=expected) as raised:
        COMMAND.check_available("yue", options)
    assert raised.value.command == "utseg"


def test_load_gives_an_engine_with_the_options() -> None:
    engine = COMMAND.load("eng", UtsegOptions(min_words=3))
    assert isinstance(engine, UtsegEngine)
    assert engine.min_words == 3
    source = CORPUS / "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.cha"
    (outcome,) = engine.process([FileTask("eng_multi_speaker.cha", source, "eng")])
    assert isinstance(outcome, FileResult)
    assert b"[hf utseg | engine=spacy" in outcome.outputs[0].data


def test_checking_availability_does_not_import_spacy() -> None:
    code = (
        "import sys\n"
        "from hotfolder.commands.registry import Registry\n"
        "command = Registry().get('utseg')\n"
        "command.check_available('eng', command.options_model())\n"
        "command.primary_inputs(['a.cha'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'numpy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
