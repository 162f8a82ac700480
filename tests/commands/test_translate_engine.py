"""The translate engine with the real apertium (Debian's apertium-eng-spa) on corpus files."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfolder.chat import loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.translate.apertium import Apertium, ApertiumFailed, installed_modes, package_versions
from hotfolder.commands.translate.engine import TranslateEngine
from hotfolder.errors import FailureCategory, FileFailure

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PARITY = CORPUS / "batchalign3/batchalign/tests/support/parity"
GOLDEN = CORPUS / "batchalign3/batchalign/tests/golden/ba2_reference/translate/spa_clinical.jan9.cha"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class Counting:
    """The real apertium, counting its calls."""

    def __init__(self, mode: str) -> None:
        self.inner = Apertium(mode)
        self.mode = mode
        self.calls: list[int] = []

    def translate(self, lines: list[str]) -> list[str]:
        self.calls.append(len(lines))
        return self.inner.translate(lines)


def engine(source: str, mode: str) -> tuple[TranslateEngine, Counting]:
    translator = Counting(mode)
    return TranslateEngine(source, translator, package_versions(mode), clock=lambda: NOW), translator


def test_the_installed_modes_include_english_spanish() -> None:
    assert {"eng-spa", "spa-eng"} <= set(installed_modes())
    versions = package_versions("eng-spa")
    assert set(versions) == {"apertium", "apertium-eng-spa"}
    assert all(re.match(r"\d", version) for version in versions.values())


def test_english_file_gets_xtra_on_every_utterance_and_nothing_else_changes() -> None:
    translate, translator = engine("eng", "eng-spa")
    source = PARITY / "eng_multi_speaker.cha"
    (outcome,) = translate.process([FileTask("eng_multi_speaker.cha", source, "eng")])
    assert isinstance(outcome, FileResult)
    text = outcome.outputs[0].data.decode("utf-8")
    chat = loads(text)
    for utterance in chat.utterances:
        tier = utterance.tier("xtra")
        assert tier is not None and tier.endswith(f" {utterance.terminator}"), utterance
        assert "*" not in tier
    ours = ("%xtra:", "@Comment:\t[hf translate")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith(ours)]
    assert "".join(kept) == source.read_text(encoding="utf-8")
    assert "@Comment:\t[hf translate | engine=apertium ; pair=eng-spa | 2026-01-02T03:04:05+00:00]\n" in text
    assert "%xtra:\tMe quiere dar un beso ?\n" in text  # "wanna give me a kiss ?"
    assert outcome.notes["utterances_translated"] == len(chat.utterances) == 12
    assert outcome.notes["pair"] == "eng-spa"
    assert outcome.engines["apertium-eng-spa"] == package_versions("eng-spa")["apertium-eng-spa"]
    assert translator.calls == [12]


def test_spanish_into_english_in_batchalign_style() -> None:
    translate, _ = engine("spa", "spa-eng")
    (outcome,) = translate.process([FileTask("spa_clinical.cha", GOLDEN, "spa")])
    assert isinstance(outcome, FileResult)
    chat = loads(outcome.outputs[0].data.decode("utf-8"))
    tiers = [utterance.tier("xtra") for utterance in chat.utterances]
    # The golden file's %xtra tiers (batchalign2 with an online engine) are replaced by apertium's.
    assert tiers[0] == "What see in the drawing ?"
    assert tiers[5] == "The mamma washes the dishes ."  # each utterance starts a text of its own
    assert all(tier is not None and tier.endswith((" .", " ?")) for tier in tiers)


def test_a_batch_of_files_is_one_apertium_call_and_bad_files_fail_alone(tmp_path: Path) -> None:
    translate, translator = engine("eng", "eng-spa")
    spanish = tmp_path / "spanish.cha"
    spanish.write_text(GOLDEN.read_text(encoding="utf-8"), encoding="utf-8")
    mixed = tmp_path / "mixed.cha"
    mixed.write_text(
        "@UTF8\n@Begin\n@Languages:\teng, spa\n@Participants:\tCHI Target_Child\n"
        "*CHI:\tthe dog is big .\n*CHI:\t[- spa] el perro es grande .\n*CHI:\t&=laughs .\n@End\n",
        encoding="utf-8",
    )
    tasks = [
        FileTask("a.cha", PARITY / "eng_multi_speaker.cha", "eng"),
        FileTask("spanish.cha", spanish, "eng"),
        FileTask("mixed.cha", mixed, "eng"),
        FileTask("gone.cha", tmp_path / "gone.cha", "eng"),
    ]
    first, wrong, mixed_result, gone = translate.process(tasks)
    assert translator.calls == [13]
    assert isinstance(first, FileResult)
    assert isinstance(wrong, FileFailure) and wrong.category is FailureCategory.VALIDATION
    assert wrong.message == (
        "spanish.cha is in 'spa' (@Languages), but this folder translates from 'eng' with apertium eng-spa"
    )
    assert isinstance(mixed_result, FileResult)
    utterances = loads(mixed_result.outputs[0].data.decode("utf-8")).utterances
    assert [u.tier("xtra") for u in utterances] == ["El perro es grande .", None, None]
    assert mixed_result.notes["utterances_other_language"] == 1
    assert mixed_result.notes["utterances_skipped"] == 1  # &=laughs
    assert isinstance(gone, FileFailure) and gone.category is FailureCategory.INPUT_MISSING


def _script(tmp_path: Path, body: str) -> str:
    path = tmp_path / "apertium"
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return str(path)


def test_utterances_with_nothing_to_translate_get_no_xtra_and_are_counted(tmp_path: Path) -> None:
    path = tmp_path / "empty.cha"
    path.write_text(
        "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n"
        "*CHI:\txxx .\n%xtra:\tun perro .\n*CHI:\tyyy yyy ?\n*CHI:\twww .\n*CHI:\t0 .\n"
        "*CHI:\t&-um &=laughs .\n*CHI:\t&~gaga (.) .\n*CHI:\txxx the dog .\n@End\n",
        encoding="utf-8",
    )
    translate, translator = engine("eng", "eng-spa")
    (outcome,) = translate.process([FileTask("empty.cha", path, "eng")])
    assert isinstance(outcome, FileResult)
    text = outcome.outputs[0].data.decode("utf-8")
    tiers = [u.tier("xtra") for u in loads(text).utterances]
    assert tiers == [None] * 6 + ["El perro ."]  # the stale %xtra under `xxx .` is gone too
    assert "un perro" not in text
    assert outcome.notes["utterances_translated"] == 1
    assert outcome.notes["utterances_skipped"] == 6
    assert translator.calls == [1]


def test_blocks_that_come_back_merged_are_translated_one_by_one(tmp_path: Path) -> None:
    # A stand-in binary that joins several blocks into one, as a misbehaving mode might
    # (each block ends in a line break: see stream.block).
    binary = _script(tmp_path, 'if [ "$(wc -l)" -gt 1 ]; then printf "merged\\0"; else printf "one\\0"; fi\n')
    assert Apertium("eng-spa", binary=binary).translate(["a b", "c"]) == ["one", "one"]
    split = _script(tmp_path, "printf 'a\\0b\\0'\n")  # two blocks for every call
    with pytest.raises(ApertiumFailed, match="did not give back one block for one utterance"):
        Apertium("eng-spa", binary=split).translate(["x"])


def test_apertium_exiting_with_an_error_fails_the_files_that_needed_it(tmp_path: Path) -> None:
    binary = _script(tmp_path, 'echo "Error: mode file is broken" >&2\nexit 3\n')
    with pytest.raises(ApertiumFailed, match="apertium eng-spa exited with status 3: Error: mode file is broken"):
        Apertium("eng-spa", binary=binary).translate(["a"])
    translate = TranslateEngine("eng", Apertium("eng-spa", binary=binary), {}, clock=lambda: NOW)
    (outcome,) = translate.process([FileTask("a.cha", PARITY / "eng_multi_speaker.cha", "eng")])
    assert isinstance(outcome, FileFailure) and outcome.category is FailureCategory.PROVIDER_TERMINAL
    assert "mode file is broken" in outcome.message
