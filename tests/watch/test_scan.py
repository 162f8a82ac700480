"""Reconcile scans of real inbox folders: layout, junk, races, odd names and unreadable folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import hotfolder
from hotfolder.watch.scan import list_dir, scan_inbox
from hotfolder.watch.settle import StatKey


def put(root: Path, rel: str, data: bytes = b"x") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def key_of(path: Path) -> StatKey:
    st = path.stat()
    return StatKey(st.st_size, st.st_mtime_ns, st.st_ino)


def test_walks_top_level_files_and_everything_below_folders(tmp_path: Path) -> None:
    for rel in ["x.cha", "x.wav", "PWA/TYO_a1.cha", "PWA/deep/er/TYO_a1.wav", "PWA/hotfolder.yaml"]:
        put(tmp_path, rel, b"data of " + rel.encode())
    snapshot = scan_inbox(tmp_path)
    assert list(snapshot.files) == ["PWA/TYO_a1.cha", "PWA/deep/er/TYO_a1.wav", "PWA/hotfolder.yaml", "x.cha", "x.wav"]
    assert snapshot.files["PWA/deep/er/TYO_a1.wav"] == key_of(tmp_path / "PWA/deep/er/TYO_a1.wav")
    assert (snapshot.errors, snapshot.blocked, snapshot.root) == ([], {}, tmp_path)


def test_junk_is_left_out_and_junk_folders_not_entered(tmp_path: Path) -> None:
    for rel in [".DS_Store", "._x.cha", "x.cha.part", "PWA/@eaDir/TYO_a1.cha", "PWA/Thumbs.db", ".hf-claim-1/x.cha",
                "PWA/scratch/y.cha", "x.cha", "PWA/a.cha"]:
        put(tmp_path, rel)
    (tmp_path / "PWA/@eaDir").chmod(0)  # never entered, so its permissions never matter
    snapshot = scan_inbox(tmp_path, ["scratch"])
    assert list(snapshot.files) == ["PWA/a.cha", "x.cha"]
    assert snapshot.errors == []
    (tmp_path / "PWA/@eaDir").chmod(0o755)


def test_empty_folders_add_nothing(tmp_path: Path) -> None:
    (tmp_path / "empty/deeper").mkdir(parents=True)
    assert scan_inbox(tmp_path).files == {}


def test_file_vanishing_mid_scan_is_skipped(tmp_path: Path) -> None:
    put(tmp_path, "x.cha")
    put(tmp_path, "gone.cha")
    put(tmp_path, "PWA/a.cha")
    put(tmp_path, "PWA/b.cha")

    def racing(path: str) -> list[os.DirEntry[str]]:
        entries = list_dir(path)  # listed: now the files go before they are stat'ed
        for victim in (tmp_path / "gone.cha", tmp_path / "PWA/b.cha"):
            victim.unlink(missing_ok=True)
        return entries

    snapshot = scan_inbox(tmp_path, lister=racing)
    assert list(snapshot.files) == ["PWA/a.cha", "x.cha"]
    assert (snapshot.errors, snapshot.blocked) == ([], {})


def test_folder_vanishing_mid_scan_is_skipped(tmp_path: Path) -> None:
    put(tmp_path, "x.cha")
    put(tmp_path, "PWA/a.cha")

    def racing(path: str) -> list[os.DirEntry[str]]:
        entries = list_dir(path)
        if os.path.samefile(path, tmp_path):
            (tmp_path / "PWA/a.cha").unlink()
            (tmp_path / "PWA").rmdir()
        return entries

    snapshot = scan_inbox(tmp_path, lister=racing)
    assert list(snapshot.files) == ["x.cha"]
    assert (snapshot.errors, snapshot.blocked) == ([], {})


def test_non_utf8_names_are_reported_not_crashed_on(tmp_path: Path) -> None:
    root = os.fsencode(tmp_path)
    os.mkdir(os.path.join(root, b"PWA"))
    os.mkdir(os.path.join(root, b"d\xe9j\xe0"))
    for rel in [b"caf\xe9.cha", b"PWA/\xff.wav", b"d\xe9j\xe0/a.cha", b"ok.cha", b"PWA/ok.cha"]:
        with open(os.path.join(root, rel), "wb") as f:
            f.write(b"x")
    snapshot = scan_inbox(tmp_path)
    assert list(snapshot.files) == ["PWA/ok.cha", "ok.cha"]
    assert snapshot.blocked == {
        "caf\\xe9.cha": "name is not valid UTF-8; rename it",
        "PWA/\\xff.wav": "name is not valid UTF-8; rename it",
        "d\\xe9j\\xe0": "name is not valid UTF-8; rename it",
    }
    assert sorted(snapshot.errors) == sorted(f"{k}: {v}" for k, v in snapshot.blocked.items())
    json.dumps(snapshot.errors).encode("utf-8")  # safe for the ledger and the API


def test_symlinks_and_special_files_are_reported_not_followed(tmp_path: Path) -> None:
    outside = put(tmp_path / "elsewhere", "real.cha")
    inbox = tmp_path / "inbox"
    put(inbox, "PWA/a.cha")
    (inbox / "link.cha").symlink_to(outside)
    (inbox / "PWA/loop").symlink_to(inbox)
    os.mkfifo(inbox / "PWA/pipe.wav")
    snapshot = scan_inbox(inbox)
    assert list(snapshot.files) == ["PWA/a.cha"]
    assert snapshot.blocked == {
        "link.cha": "symbolic link, not followed; drop the file itself",
        "PWA/loop": "symbolic link, not followed; drop the file itself",
        "PWA/pipe.wav": "not a regular file",
    }


def test_missing_inbox_is_reported(tmp_path: Path) -> None:
    snapshot = scan_inbox(tmp_path / "not-mounted")
    assert snapshot.files == {}
    assert snapshot.errors == [f"inbox {tmp_path / 'not-mounted'} does not exist"]


# Scans the folder given and prints the snapshot as JSON.
SCAN = """
import json, sys
from pathlib import Path
from hotfolder.watch.scan import scan_inbox
s = scan_inbox(Path(sys.argv[1]))
print(json.dumps({"files": sorted(s.files), "errors": s.errors, "blocked": s.blocked}))
"""
# Root reads any folder whatever its mode, and these tests run as root. So the child
# drops the two capabilities that let it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH) from
# its bounding set and execs the scan, which then runs without them, as a plain user would.
WITHOUT_DAC_CAPS = """
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for cap in (1, 2):
    if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")
os.execv(sys.executable, [sys.executable, "-c", sys.argv[1], *sys.argv[2:]])
"""


def test_unreadable_subfolder_is_reported_and_the_rest_scanned(tmp_path: Path) -> None:
    put(tmp_path, "x.cha")
    put(tmp_path, "PWA/a.cha")
    put(tmp_path, "PWA/private/secret.cha")
    (tmp_path / "PWA/private").chmod(0)
    command = [sys.executable, "-c", SCAN, str(tmp_path)]
    if os.getuid() == 0:
        command = [sys.executable, "-c", WITHOUT_DAC_CAPS, SCAN, str(tmp_path)]
    env = {**os.environ, "PYTHONPATH": str(Path(hotfolder.__file__).resolve().parents[1])}
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    snapshot = json.loads(out.stdout)
    assert snapshot["files"] == ["PWA/a.cha", "x.cha"]
    assert snapshot["blocked"] == {"PWA/private": "cannot list folder: Permission denied"}
    assert snapshot["errors"] == ["PWA/private: cannot list folder: Permission denied"]
    (tmp_path / "PWA/private").chmod(0o755)  # so pytest can clean up
