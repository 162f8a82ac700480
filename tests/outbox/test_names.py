"""Names derived from a drop's names always fit a folder entry (255 bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.outbox.failed import error_json_path
from hotfolder.outbox.names import NAME_MAX, with_suffix_fitting
from hotfolder.outbox.receipt import receipt_name


def test_short_names_get_the_plain_suffix() -> None:
    assert receipt_name("PWA") == "PWA.receipt.json"
    assert error_json_path(Path("/f/x/x.cha")) == Path("/f/x/x.cha.error.json")


@pytest.mark.parametrize("name", ["a" * 250, "é" * 125, "a" * 240 + "é" * 7, "日本語" * 28])
def test_long_names_are_shortened_uniquely_and_can_be_created(tmp_path: Path, name: str) -> None:
    for suffix in (".receipt.json", ".error.json"):
        made = with_suffix_fitting(name, suffix)
        assert len(made.encode()) <= NAME_MAX and made.endswith(suffix) and "~" in made
        (tmp_path / made).write_text("{}")  # the filesystem takes it
    assert with_suffix_fitting(name, ".error.json") != with_suffix_fitting(name + "b", ".error.json")
    assert with_suffix_fitting(name, ".error.json") == with_suffix_fitting(name, ".error.json")
