"""The `opensmile` Command object: inputs, options, availability, loading; and the CSV layout."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hotfolder.commands.opensmile.command import COMMAND, Opensmile, OpensmileOptions
from hotfolder.commands.opensmile.features import OpensmileEngine
from hotfolder.commands.opensmile.table import render_table
from hotfolder.commands.registry import Registry
from hotfolder.errors import CommandUnavailable


def test_registered_under_its_name() -> None:
    assert Registry().get("opensmile") is COMMAND
    assert COMMAND.name == "opensmile" and COMMAND.batch_size == 1


def test_primary_inputs_are_the_recordings() -> None:
    paths = ["a.wav", "b.MP3", "PWA/c.flac", "d.ogg", "e.m4a", "f.mp4", "a.cha", "notes.txt", "g.wav.bak"]
    assert COMMAND.primary_inputs(paths) == ["a.wav", "b.MP3", "PWA/c.flac", "d.ogg", "e.m4a", "f.mp4"]


def test_feature_set_defaults_to_egemaps_v02() -> None:
    assert COMMAND.options_model.model_validate({}) == OpensmileOptions(feature_set="eGeMAPSv02")


@pytest.mark.parametrize("name", ["eGeMAPSv02", "eGeMAPSv01b", "GeMAPSv01b", "ComParE_2016"])
def test_the_four_feature_sets_are_accepted(name: str) -> None:
    options = COMMAND.options_model.model_validate({"feature_set": name})
    assert isinstance(options, OpensmileOptions) and options.feature_set == name


@pytest.mark.parametrize(
    ("options", "complaint"),
    [
        ({"feature_set": "emobase"}, "feature_set"),  # in openSMILE, not offered by batchalign
        ({"feature_set": "egemapsv02"}, "feature_set"),  # names are exact
        ({"feature_set": 2}, "feature_set"),
        ({"feature_level": "lld"}, "feature_level"),  # unknown keys are errors
    ],
)
def test_bad_options_are_refused(options: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        COMMAND.options_model.model_validate(options)


def test_options_are_frozen() -> None:
    options = OpensmileOptions()
    with pytest.raises(ValidationError):
        options.feature_set = "ComParE_2016"


def test_unavailable_without_the_package() -> None:
    COMMAND.check_available("eng", OpensmileOptions())
    with pytest.raises(CommandUnavailable, match="the opensmile package is not installed: pip install opensmile"):
        Opensmile(find_spec=lambda name: None).check_available("eng", OpensmileOptions())


def test_load_builds_the_folders_feature_set() -> None:
    engine = COMMAND.load("eng", OpensmileOptions(feature_set="GeMAPSv01b"))
    assert isinstance(engine, OpensmileEngine)
    assert engine.feature_set == "GeMAPSv01b" and len(engine.names) == 62


def test_table_layout() -> None:
    data = render_table("PWA/x.wav", 1.25, ["a", "b_c"], [0.1, -3.0e-7])
    assert data == b"file,start,end,a,b_c\nPWA/x.wav,0,1.25,0.1,-3e-07\n"


def test_table_quotes_odd_file_names_and_keeps_float32_exact() -> None:
    import numpy as np

    value = float(np.float32(0.3))
    data = render_table('a,"b".wav', 2.0, ["f"], [value]).decode()
    _header, row = data.splitlines()
    assert row.startswith('"a,""b"".wav",0,2,')
    assert np.float32(float(row.rsplit(",", 1)[1])) == np.float32(0.3)


def test_table_refuses_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="2 feature names for 1 values"):
        render_table("x.wav", 1.0, ["a", "b"], [1.0])
