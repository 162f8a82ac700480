"""Bundling rules: stem groups, folder bundles, tickets, READY markers, conflicts."""

from __future__ import annotations

import pytest

from hotfolder.watch.bundles import Bundle, belongs_to, group_bundles


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["x.cha", "x.wav"], [Bundle("x", "file", ("x.cha", "x.wav"))]),
        (
            ["X.cs.wav", "X.sv.wav", "X.gold.cha", "Y.cha"],
            [Bundle("X", "file", ("X.cs.wav", "X.gold.cha", "X.sv.wav")), Bundle("Y", "file", ("Y.cha",))],
        ),
        (["notes"], [Bundle("notes", "file", ("notes",))]),  # no dot: the stem is the whole name
        # Case and Unicode normalisation do not split a drop from Windows or macOS.
        (["Interview.cha", "interview.WAV"], [Bundle("Interview", "file", ("Interview.cha", "interview.WAV"))]),
        (["cafe\u0301.cha", "caf\u00e9.wav"], [Bundle("cafe\u0301", "file", ("cafe\u0301.cha", "caf\u00e9.wav"))]),
        # Documented consequence of "stem = before the first dot".
        (["2024.05 a.cha", "2024.06 b.cha"], [Bundle("2024", "file", ("2024.05 a.cha", "2024.06 b.cha"))]),
        (
            ["PWA/TYO_a1.cha", "PWA/TYO_a1.wav", "PWA/sub/x.cha", "x.cha"],
            [
                Bundle("PWA", "folder", ("PWA/TYO_a1.cha", "PWA/TYO_a1.wav", "PWA/sub/x.cha")),
                Bundle("x", "file", ("x.cha",)),
            ],
        ),
        (
            ["PWA/hotfolder.yaml", "PWA/a.cha", "PWA/sub/hotfolder.yaml"],
            [Bundle("PWA", "folder", ("PWA/a.cha", "PWA/sub/hotfolder.yaml"), ticket="PWA/hotfolder.yaml")],
        ),
        (
            ["PWA/HotFolder.YAML", "PWA/a.cha"],
            [Bundle("PWA", "folder", ("PWA/a.cha",), ticket="PWA/HotFolder.YAML")],
        ),
        (
            ["PWA/READY", "PWA/a.cha"],
            [Bundle("PWA", "folder", ("PWA/a.cha",), ready_marker="PWA/READY")],
        ),
        (
            ["PWA/ready.txt", "PWA/a.cha", "PWA/sub/READY"],
            [Bundle("PWA", "folder", ("PWA/a.cha", "PWA/sub/READY"), ready_marker="PWA/ready.txt")],
        ),
        (["x.cha", "x.READY"], [Bundle("x", "file", ("x.cha",), ready_marker="x.READY")]),
        (["x.cha", "x.wav", "x.cha.ready"], [Bundle("x", "file", ("x.cha", "x.wav"), ready_marker="x.cha.ready")]),
        (["x.cha", "x.ready.txt"], [Bundle("x", "file", ("x.cha",), ready_marker="x.ready.txt")]),
        (["READY"], [Bundle("READY", "file", (), ready_marker="READY")]),
        (["PWA/hotfolder.yaml"], [Bundle("PWA", "folder", (), ticket="PWA/hotfolder.yaml")]),
        ([], []),
    ],
)
def test_grouping(paths: list[str], expected: list[Bundle]) -> None:
    assert group_bundles(paths) == expected


def test_grouping_ignores_input_order() -> None:
    paths = ["b.wav", "PWA/z.cha", "a.cha", "PWA/a.cha", "b.cha"]
    assert group_bundles(paths) == group_bundles(reversed(paths))
    assert [b.name for b in group_bundles(paths)] == ["PWA", "a", "b"]


def test_two_tickets_are_a_conflict() -> None:
    [bundle] = group_bundles(["PWA/hotfolder.yaml", "PWA/HOTFOLDER.yaml", "PWA/a.cha"])
    assert bundle.conflict == "2 job tickets (PWA/HOTFOLDER.yaml, PWA/hotfolder.yaml); keep one"
    assert bundle.members == ("PWA/a.cha",)


def test_top_level_ticket_is_a_conflict() -> None:
    [bundle] = group_bundles(["hotfolder.yaml"])
    assert bundle.conflict == "hotfolder.yaml only works inside a folder: move it into the folder it is for"


def test_file_bundle_named_like_a_folder_waits_for_it() -> None:
    stems, folder = group_bundles(["pwa/a.cha", "PWA.cha", "PWA.wav"])
    assert folder == Bundle("pwa", "folder", ("pwa/a.cha",))
    assert (stems.name, stems.kind, stems.members) == ("PWA", "file", ("PWA.cha", "PWA.wav"))
    assert stems.conflict == "waiting for the folder pwa/ of the same name to be taken first"


NFC, NFD = "caf\u00e9", "cafe\u0301"


def test_members_equal_after_nfc_or_case_hold_their_bundle() -> None:
    [bundle] = group_bundles([f"{NFC}.cha", f"{NFD}.cha"])
    assert bundle.conflict is not None and "Unicode normalization" in bundle.conflict and "rename one" in bundle.conflict
    [folder] = group_bundles(["PWA/x.cha", "PWA/X.cha"])
    assert folder.conflict is not None and "'PWA/X.cha' and 'PWA/x.cha'" in folder.conflict


def test_folders_equal_after_nfc_are_taken_one_after_the_other() -> None:
    first, second = group_bundles([f"{NFC}/a.cha", f"{NFD}/a.cha"])
    assert {first.name, second.name} == {NFC, NFD}
    taken, held = sorted((first, second), key=lambda b: b.conflict is not None)
    assert taken.conflict is None
    assert held.conflict == f"waiting for the folder {taken.name}/ of the same name to be taken first"


def test_distinct_names_are_not_a_conflict() -> None:
    assert all(b.conflict is None for b in group_bundles(["a.cha", "a.wav", "PWA/a.cha", "PWA/b.cha", "ab.cha"]))


@pytest.mark.parametrize(
    ("rel", "bundle", "inside"),
    [
        ("PWA/private", Bundle("PWA", "folder", ()), True),
        ("PWA/private", Bundle("PWA", "file", ()), False),
        ("PWAX/a", Bundle("PWA", "folder", ()), False),
        ("x.wav", Bundle("x", "file", ()), True),
        ("X.WAV", Bundle("x", "file", ()), True),
        ("x.wav", Bundle("x", "folder", ()), False),
        ("xy.wav", Bundle("x", "file", ()), False),
    ],
)
def test_belongs_to(rel: str, bundle: Bundle, inside: bool) -> None:
    assert belongs_to(rel, bundle) is inside
