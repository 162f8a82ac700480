"""Validation with CLAN CHECK codes: testchat good files are clean, bad files fail as expected."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

import hotfolder.chat as chat
from tests.chat.conftest import BAD, CORPUS, GOOD, corpus_id

# What each testchat/bad file must yield, as (CHECK code, 1-based line). The
# reference output 00errors.cex names the same lines, counted from 0.
EXPECTED_BAD = {
    "bullet-same-times.cha": [("CHECK 82", 9)],  # bullet start == end
    "multiple-end.cha": [("CHECK 44", 11), ("CHECK 54", 12)],  # text after @End, a second @End
    "mor-empty.cha": [("CHECK 140", 9)],  # %mor with no item: everything on the main tier is retraced
    "participants.cha": [("CHECK 60", 4)],  # 678 and FOO have no @ID
}


@pytest.mark.parametrize("path", GOOD, ids=corpus_id)
def test_good_files_have_no_issue(path: Path) -> None:
    assert chat.validate(chat.load(path)) == []


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(path.name for path in BAD) == sorted(EXPECTED_BAD)


@pytest.mark.parametrize("path", BAD, ids=corpus_id)
def test_bad_files_yield_their_expected_errors(path: Path) -> None:
    found = {(issue.code, issue.line) for issue in chat.validate(chat.load(path))}
    assert set(EXPECTED_BAD[path.name]) <= found


@pytest.mark.parametrize("path", BAD, ids=corpus_id)
def test_bad_file_issues_point_at_a_line_the_reference_output_names(path: Path) -> None:
    reference = (CORPUS / "testchat" / "bad" / "00errors.cex").read_text(encoding="utf-8")
    zero_based = {int(n) for n in re.findall(rf'File "{re.escape(path.name)}": line (\d+)', reference)}
    ours = {issue.line for issue in chat.validate(chat.load(path))}
    assert ours & {line + 1 for line in zero_based}


HEAD = "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n@ID:\teng|c|CHI|||||Target_Child|||\n"


def issues(text: str) -> set[tuple[str, int]]:
    return {(issue.code, issue.line) for issue in chat.validate(chat.loads(text))}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEAD + "*CHI:\thi .\n@End\n", set()),
        (HEAD.replace("@UTF8\n", "") + "*CHI:\thi .\n@End\n", {("CHECK 69", 1)}),
        (HEAD.replace("@Begin\n", "") + "*CHI:\thi .\n@End\n", {("CHECK 6", 1)}),
        (HEAD + "*CHI:\thi .\n", {("CHECK 7", 6)}),
        (HEAD + "*CHI:\thi .\n@End\n@End\n", {("CHECK 54", 8)}),
        (HEAD + "@Begin\n*CHI:\thi .\n@End\n", {("CHECK 53", 6)}),
        ("@UTF8\n@Languages:\teng\n@Begin\n@End\n", {("CHECK 43", 2), ("CHECK 61", 3)}),
        (HEAD + "*MOT:\thi .\n@End\n", {("CHECK 18", 6)}),
        (HEAD.replace("Target_Child|||", "Target_Child||") + "*CHI:\thi .\n@End\n", {("CHECK 143", 5)}),
        (HEAD.replace("@ID:\teng|c|CHI|||||Target_Child|||\n", "") + "@End\n", {("CHECK 60", 4)}),
        (HEAD.replace("CHI Target_Child", "CHI") + "@End\n", {("CHECK 12", 4)}),
        (HEAD + "*CHI: hi .\n%com: x\n@End\n", {("CHECK 4", 6), ("CHECK 4", 7)}),
        (HEAD + "*CHI:hi .\n@End\n", {("CHECK 3", 6)}),
        (HEAD + "*CHI hi .\n@End\n", {("CHECK 2", 6)}),
        (HEAD + "\n*CHI:\thi .\n  \n@End\n", {("CHECK 91", 6), ("CHECK 91", 8)}),
        (HEAD + "hi there\n  *CHI:\thi .\n@End\n", {("CHECK 1", 6), ("CHECK 14", 7)}),
        (HEAD + "*CHI:\thi . \x1512x_40\x15\n@End\n", {("CHECK 90", 6)}),
        (HEAD + "*CHI:\thi . \x1512 40\x15\n@End\n", {("CHECK 89", 6)}),
        (HEAD + "*CHI:\thi . 12_40\n@End\n", {("CHECK 89", 6)}),
        (HEAD + "*CHI:\thi \x1512_40 .\n@End\n", {("CHECK 89", 6)}),
        (HEAD + "%com:\tsee \x15 here\n@End\n", {("CHECK 89", 6)}),
        (HEAD + '*CHI:\thi . \x15%snd:"a"_1_2\x15\n@End\n', {("CHECK 115", 6)}),
        (HEAD + "*CHI:\thi . \x1540_12\x15\n@End\n", {("CHECK 82", 6)}),
        (HEAD + "*CHI:\thi .\n%wor:\thi \x1540_40\x15 .\n@End\n", {("CHECK 82", 7)}),
        (HEAD + "*CHI:\thi . \x15500_900\x15\n*CHI:\tho .\n\t\x15400_600\x15\n@End\n", {("CHECK 83", 8)}),
        (HEAD + "*CHI:\thi there .\n%mor:\tco|hi .\n@End\n", {("CHECK 140", 7)}),
        (HEAD + "*CHI:\thi .\n%mor:\tco|hi ?\n@End\n", {("CHECK 94", 7)}),
        (HEAD + "*CHI:\tit's red .\n%mor:\tpron|it~aux|be adj|red .\n%gra:\t1|3|NSUBJ 2|3|COP 3|0|ROOT\n@End\n",
         {("CHECK 140", 8)}),
        (HEAD + "*CHI:\tit's red .\n%mor:\tpron|it~aux|be adj|red .\n%gra:\t1|3|A 2|3|B 3|0|ROOT 4|3|PUNCT\n@End\n",
         set()),
        (HEAD + "*CHI:\t<I want> [/] I want , so .\n%mor:\tpro|I v|want cm|cm adv|so .\n@End\n", set()),
    ],
)
def test_check_codes(text: str, expected: set[tuple[str, int]]) -> None:
    assert issues(text) == expected


def test_issues_are_ordered_by_line_and_carry_their_message() -> None:
    found = chat.validate(chat.loads("*CHI:\thi .\n\n"))
    assert [issue.line for issue in found] == sorted(issue.line for issue in found)
    first = found[0]
    assert str(first) == f"line {first.line}: {first.code}: {first.message}"
    error = first.to_error()
    assert (error.line, error.code, error.message) == (first.line, first.code, first.message)


def test_lines_stay_right_after_writers_move_them() -> None:
    parsed = chat.loads(HEAD + "*CHI:\thi .\n*CHI:\tho . \x15400_300\x15\n@End\n")
    parsed.utterances[0].set_tier("mor", "co|hi .")
    parsed.set_provenance("morphotag", {}, datetime(2026, 1, 1))
    assert issues(chat.dumps(parsed)) == {("CHECK 82", 9)}
    assert {(i.code, i.line) for i in chat.validate(parsed)} == {("CHECK 82", 9)}
