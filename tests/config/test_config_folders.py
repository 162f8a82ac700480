"""check-config's folder checks on real folders (tests run as root: a file in the way, not chmod)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hotfolder.config import FolderCheck, FolderRole, check_folders, settings_from_dict
from hotfolder.config.folders import PROBE_PREFIX, check_folder


def checks(tmp_path: Path, **keys: Any) -> list[FolderCheck]:
    folder = {"name": "eng", "command": "morphotag", "inbox": "eng/in", "outbox": "eng/out", **keys}
    return check_folders(settings_from_dict({"hotfolders": [folder]}, tmp_path))


def no_probes_left(tmp_path: Path) -> bool:
    return not [path for path in tmp_path.rglob("*") if path.name.startswith(PROBE_PREFIX)]


def test_missing_folders_are_created_and_pass(tmp_path: Path) -> None:
    results = checks(tmp_path, archive="eng/archive")
    assert [(c.folder_name, c.role, c.path) for c in results] == [
        ("eng", FolderRole.INBOX, tmp_path / "eng" / "in"),
        ("eng", FolderRole.OUTBOX, tmp_path / "eng" / "out"),
        ("eng", FolderRole.FAILED, tmp_path / "eng" / "failed"),
        ("eng", FolderRole.ARCHIVE, tmp_path / "eng" / "archive"),
    ]
    for check in results:
        assert (check.ok, check.created) == (True, True)
        assert check.detail == "created; write, rename and delete ok"
        assert check.path.is_dir()
    assert no_probes_left(tmp_path)


def test_existing_folders_pass_without_created(tmp_path: Path) -> None:
    for name in ("in", "out", "failed"):
        (tmp_path / "eng" / name).mkdir(parents=True)
    (tmp_path / "eng" / "in" / "x.cha").write_text("@Begin\n@End\n", encoding="utf-8")
    results = checks(tmp_path)
    assert [(c.ok, c.created, c.detail) for c in results] == [(True, False, "write, rename and delete ok")] * 3
    assert (tmp_path / "eng" / "in" / "x.cha").read_text(encoding="utf-8") == "@Begin\n@End\n"
    assert no_probes_left(tmp_path)


def test_a_file_in_the_way_fails_that_folder_only(tmp_path: Path) -> None:
    (tmp_path / "eng").mkdir()
    (tmp_path / "eng" / "out").write_text("not a folder", encoding="utf-8")
    inbox, outbox, failed = checks(tmp_path)
    assert (outbox.ok, outbox.detail, outbox.created) == (False, "exists but is not a folder", False)
    assert (tmp_path / "eng" / "out").read_text(encoding="utf-8") == "not a folder"
    assert inbox.ok and failed.ok


def test_a_file_as_parent_reports_the_os_error(tmp_path: Path) -> None:
    (tmp_path / "blocker").write_text("", encoding="utf-8")
    inbox, outbox, failed = checks(tmp_path, inbox="blocker/in")
    assert not inbox.ok
    assert inbox.detail == "cannot create the folder: Not a directory"
    assert outbox.ok and failed.ok


def test_a_folder_that_refuses_files_reports_the_write_step() -> None:
    # /proc exists and is a folder, but the kernel refuses new files there even for root.
    result = check_folder("eng", FolderRole.INBOX, Path("/proc"))
    assert not result.ok
    assert result.detail.startswith("cannot write a file here: ")
    assert not result.created
