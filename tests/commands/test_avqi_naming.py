"""Which members the acoustic commands take, their partners and output names (pure tables)."""

from __future__ import annotations

import pytest

from hotfolder.commands.acoustic.naming import (
    avqi_output,
    clashing_sibling,
    expected_vowel,
    is_continuous_speech,
    opensmile_output,
    tagged_stem,
    vowel_partner,
)


@pytest.mark.parametrize(
    ("path", "tag", "stem"),
    [
        ("P1.cs.wav", "cs", "P1"),
        ("PWA/P1.cs.MP3", "cs", "PWA/P1"),
        ("P1.CS.wav", "cs", "P1"),
        ("a.b.sv.flac", "sv", "a.b"),
        ("P1.sv.wav", "cs", None),
        ("P1.cs.txt", "cs", None),  # not a recording
        ("P1.wav", "cs", None),
        (".cs.wav", "cs", None),  # no speaker name
        ("PWA/.cs.wav", "cs", None),
        ("P1cs.wav", "cs", None),
    ],
)
def test_tagged_stem(path: str, tag: str, stem: str | None) -> None:
    assert tagged_stem(path, tag) == stem


def test_outputs_sit_beside_their_inputs() -> None:
    assert opensmile_output("x.wav") == "x.opensmile.csv"
    assert opensmile_output("PWA/sub/x.y.m4a") == "PWA/sub/x.y.opensmile.csv"
    assert avqi_output("P1.cs.wav") == "P1.avqi.txt"
    assert avqi_output("PWA/P1.cs.mp4") == "PWA/P1.avqi.txt"
    with pytest.raises(ValueError, match="not a continuous-speech recording"):
        avqi_output("P1.sv.wav")


def test_continuous_speech_is_the_primary_input() -> None:
    names = ["P1.cs.wav", "P1.sv.wav", "P2.CS.mp3", "notes.txt", "P3.cs.cha"]
    assert [n for n in names if is_continuous_speech(n)] == ["P1.cs.wav", "P2.CS.mp3"]


@pytest.mark.parametrize(
    ("cs", "members", "partner"),
    [
        ("P1.cs.wav", ["P1.cs.wav", "P1.sv.wav"], "P1.sv.wav"),
        ("P1.cs.wav", ["P1.sv.mp3"], "P1.sv.mp3"),  # any recording extension
        ("P1.cs.wav", ["P1.sv.mp3", "P1.sv.wav"], "P1.sv.wav"),  # wav first, as media resolution orders them
        ("P1.cs.wav", ["p1.SV.WAV"], "p1.SV.WAV"),  # case does not matter
        ("PWA/P1.cs.wav", ["P1.sv.wav", "PWA/P1.sv.wav"], "PWA/P1.sv.wav"),  # same folder only
        ("PWA/P1.cs.wav", ["P1.sv.wav"], None),
        ("P1.cs.wav", ["P2.sv.wav", "P1.sv.txt", "P1.cs.mp3"], None),
    ],
)
def test_vowel_partner(cs: str, members: list[str], partner: str | None) -> None:
    assert vowel_partner(cs, members) == partner


def test_expected_vowel_names_the_pattern() -> None:
    assert expected_vowel("PWA/P1.cs.wav") == "PWA/P1.sv.{wav,mp3,flac,ogg,m4a,mp4}"


@pytest.mark.parametrize(
    ("path", "members", "first"),
    [
        ("x.wav", ["x.wav", "y.wav"], None),
        ("x.mp3", ["x.wav", "x.mp3"], "x.wav"),  # wav keeps the name
        ("x.wav", ["x.wav", "x.mp3"], None),
        ("x.flac", ["x.mp3", "x.flac", "x.wav"], "x.wav"),
        ("x.wav", ["X.wav", "x.wav"], "X.wav"),  # same extension: the name sorts first
        ("A/x.mp3", ["A/x.mp3", "B/x.wav"], None),  # other folder, other output
    ],
)
def test_clashing_sibling(path: str, members: list[str], first: str | None) -> None:
    assert clashing_sibling(path, members, opensmile_output) == first


def test_clash_between_speech_recordings_of_one_speaker() -> None:
    assert clashing_sibling("P1.cs.mp3", ["P1.cs.wav", "P1.cs.mp3"], avqi_output) == "P1.cs.wav"
