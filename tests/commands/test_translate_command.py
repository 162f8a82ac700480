"""The `translate` Command object: options, availability (a clear config error), loading."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotfolder.commands.registry import Registry
from hotfolder.commands.translate.apertium import installed_modes
from hotfolder.commands.translate.command import COMMAND, TranslateOptions
from hotfolder.commands.translate.engine import TranslateEngine
from hotfolder.commands.translate.modes import NoMode
from hotfolder.errors import CommandUnavailable


def test_registered_under_its_name() -> None:
    assert Registry().get("translate") is COMMAND
    assert COMMAND.primary_inputs(["a.cha", "a.gold.cha", "a.wav"]) == ["a.cha"]


def test_options() -> None:
    assert COMMAND.options_model.model_validate({}) == TranslateOptions()
    assert TranslateOptions.model_validate({"target": "spa"}).target == "spa"
    assert TranslateOptions.model_validate({"pair": "spa-eng_US"}).pair == "spa-eng_US"
    for bad, key in [({"target": "es"}, "target"), ({"pair": "spa eng"}, "pair"), ({"lang": "spa"}, "lang")]:
        with pytest.raises(ValidationError, match=key):
            TranslateOptions.model_validate(bad)
    with pytest.raises(ValidationError, match="either target or pair, not both"):
        TranslateOptions.model_validate({"target": "spa", "pair": "eng-spa"})


def test_available_pairs_pass_and_the_default_is_listed() -> None:
    COMMAND.check_available("eng", TranslateOptions(target="spa"))
    COMMAND.check_available("spa", TranslateOptions(pair="spa-eng_US"))
    COMMAND.check_available("eng", TranslateOptions())  # what /health.capabilities asks
    assert COMMAND.mode("spa", TranslateOptions()) == "spa-eng"


def test_an_unavailable_pair_is_refused_naming_the_debian_package() -> None:
    with pytest.raises(CommandUnavailable, match="install the Debian package apertium-eng-cat") as raised:
        COMMAND.check_available("eng", TranslateOptions(target="cat"))
    assert raised.value.command == "translate"
    with pytest.raises(CommandUnavailable, match="no mode from 'yue' into 'eng'"):
        COMMAND.check_available("yue", TranslateOptions())


def test_missing_apertium_names_its_package() -> None:
    with pytest.raises(NoMode, match=r"install the Debian package apertium \(apt-get install apertium\)"):
        installed_modes("apertium-not-installed-here")


def test_load_gives_an_engine_on_the_mode() -> None:
    engine = COMMAND.load("eng", TranslateOptions(target="spa"))
    assert isinstance(engine, TranslateEngine)
    assert engine.translator.mode == "eng-spa"
    assert "apertium-eng-spa" in engine.versions
    with pytest.raises(CommandUnavailable):
        COMMAND.load("eng", TranslateOptions(target="deu"))
