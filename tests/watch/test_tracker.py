"""The tracker end to end on real inbox folders, with a fake monotonic clock."""

from __future__ import annotations

import os
import wave
from pathlib import Path

from hotfolder.watch.completeness import incomplete_reason
from hotfolder.watch.scan import scan_inbox
from hotfolder.watch.settle import StatKey
from hotfolder.watch.tracker import InboxTracker, Member, ReadyBundle, TrackerResult, WaitingBundle

CHA = b"@UTF8\n@Begin\n@Languages:\teng\n*CHI:\tmore cookie .\n@End\n"


def put(root: Path, rel: str, data: bytes = CHA) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def wav(root: Path, rel: str, frames: int = 800) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8_000)
        w.writeframes(b"\x00\x01" * frames)
    return path


def key(path: Path) -> StatKey:
    st = path.stat()
    return StatKey(st.st_size, st.st_mtime_ns, st.st_ino)


class Inbox:
    """A real inbox folder and a tracker stepped at chosen monotonic times."""

    def __init__(self, root: Path, settle_s: float = 5.0, require_ready_marker: bool = False) -> None:
        self.root = root
        root.mkdir(exist_ok=True)
        self.checked: list[str] = []
        self.tracker = InboxTracker(settle_s, require_ready_marker, check=self._check)

    def _check(self, path: Path) -> str | None:
        self.checked.append(path.relative_to(self.root).as_posix())
        return incomplete_reason(path)

    def step(self, now: float) -> TrackerResult:
        return self.tracker.step(scan_inbox(self.root), now)

    def ready(self, now: float) -> list[str]:
        return [b.name for b in self.step(now).ready]

    def waiting(self, now: float) -> dict[str, str]:
        return {w.name: w.reason for w in self.step(now).waiting}


def test_pair_becomes_ready_after_settling_and_stays_ready(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    cha, rec = put(inbox.root, "x.cha"), wav(inbox.root, "x.wav")
    first = inbox.step(100.0)
    assert first == TrackerResult([], [WaitingBundle("x", "settling: 2 of 2 files changed within the last 5 s", 100.0)], 2)
    assert inbox.ready(104.9) == []
    result = inbox.step(105.0)
    assert result.ready == [ReadyBundle("x", "file", (Member("x.cha", key(cha)), Member("x.wav", key(rec))), None)]
    assert (result.waiting, result.settling_files) == ([], 0)
    assert inbox.ready(106.0) == ["x"]  # re-emitted: the daemon's ledger filters claimed bundles


def test_growing_file_is_never_ready(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    growing = put(inbox.root, "rec.wav", b"RIFF")
    now = 0.0
    for _ in range(30):
        with open(growing, "ab") as f:
            f.write(b"\x00" * 1000)
        now += 7.0  # longer than settle_s between scans, but it changed in between every time
        result = inbox.step(now)
        assert result.ready == []
        assert result.settling_files == 1


def test_settled_but_unfinished_transcript_waits_until_it_ends(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    cha = put(inbox.root, "x.cha", CHA[: CHA.index(b"@End")])  # the writer paused before the footer
    inbox.step(0.0)
    assert inbox.waiting(10.0) == {"x": "x.cha: CHAT file does not end with @End yet"}
    with open(cha, "ab") as f:
        f.write(b"@End\n")
    assert inbox.waiting(11.0) == {"x": "settling: 1 of 1 files changed within the last 5 s"}
    assert inbox.ready(16.0) == ["x"]


def test_truncated_recording_holds_its_pair(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    put(inbox.root, "x.cha")
    rec = wav(inbox.root, "x.wav")
    full = rec.stat().st_size
    os.truncate(rec, full - 10)
    inbox.step(0.0)
    assert inbox.waiting(5.0) == {"x": f"x.wav: WAV header announces {full} bytes, file has {full - 10}"}


def test_rename_into_the_inbox_counts_as_an_arrival(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    outside = put(tmp_path / "staging-area", "y.cha")
    os.utime(outside, ns=(0, 0))  # an old mtime says nothing: settling starts when it is seen
    assert inbox.step(0.0).waiting == []
    os.rename(outside, inbox.root / "y.cha")
    assert inbox.waiting(1.0) == {"y": "settling: 1 of 1 files changed within the last 5 s"}
    assert inbox.ready(5.9) == []
    assert inbox.ready(6.0) == ["y"]


def test_temp_name_renamed_to_final_name_settles_afresh(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    part = put(inbox.root, "z.cha.part")
    assert inbox.step(0.0).waiting == []  # junk is not even waiting
    os.rename(part, inbox.root / "z.cha")
    inbox.step(10.0)
    assert inbox.ready(14.0) == []
    assert inbox.ready(15.0) == ["z"]


def test_replacing_a_file_with_same_size_and_mtime_resets_settling(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    old = put(inbox.root, "x.cha")
    inbox.step(0.0)
    assert inbox.ready(5.0) == ["x"]
    new = put(tmp_path, "x.cha")
    os.utime(new, ns=(old.stat().st_atime_ns, old.stat().st_mtime_ns))
    os.replace(new, old)  # same size, same mtime, other inode
    assert inbox.ready(6.0) == []
    assert inbox.ready(11.0) == ["x"]


def test_folder_bundle_with_ticket(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    a, b = put(inbox.root, "PWA/TYO_a1.cha"), wav(inbox.root, "PWA/audio/TYO_a1.wav")
    inbox.step(0.0)
    put(inbox.root, "PWA/hotfolder.yaml", b"lang: jpn\n")  # written last: it must settle too
    assert inbox.waiting(6.0) == {"PWA": "settling: 1 of 3 files changed within the last 5 s"}
    [ready] = inbox.step(11.0).ready
    members = (Member("PWA/TYO_a1.cha", key(a)), Member("PWA/audio/TYO_a1.wav", key(b)))
    assert ready == ReadyBundle("PWA", "folder", members, "PWA/hotfolder.yaml")


def test_ready_marker_required(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in", require_ready_marker=True)
    put(inbox.root, "PWA/a.cha")
    put(inbox.root, "x.cha")
    inbox.step(0.0)
    assert inbox.waiting(5.0) == {
        "PWA": "waiting for the READY marker (PWA/READY)",
        "x": "waiting for the READY marker (x.READY)",
    }
    put(inbox.root, "PWA/READY", b"")
    put(inbox.root, "x.ready", b"")
    inbox.step(6.0)
    result = inbox.step(11.0)
    assert [(b.name, b.ready_marker, [m.display_path for m in b.members]) for b in result.ready] == [
        ("PWA", "PWA/READY", ["PWA/a.cha"]),
        ("x", "x.ready", ["x.cha"]),
    ]


def test_marker_not_required_still_reported(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    put(inbox.root, "x.cha")
    put(inbox.root, "x.READY", b"")
    inbox.step(0.0)
    assert [b.ready_marker for b in inbox.step(5.0).ready] == ["x.READY"]


def test_vanished_files_are_forgotten(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    path = put(inbox.root, "x.cha")
    inbox.step(0.0)
    path.unlink()
    assert inbox.step(3.0) == TrackerResult([], [], 0)
    put(inbox.root, "x.cha")  # dropped again: it settles from when it is seen again
    inbox.step(4.0)
    assert inbox.ready(8.9) == []
    assert inbox.ready(9.0) == ["x"]


def test_content_is_checked_only_once_settled_and_once_per_key(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    put(inbox.root, "x.cha")
    wav(inbox.root, "x.wav")
    put(inbox.root, "y.cha", b"@Begin\n")  # never finishes
    for now in (0.0, 1.0, 4.9):
        inbox.step(now)
    assert inbox.checked == []
    for now in (5.0, 6.0, 7.0):
        inbox.step(now)
    # Complete files are read once; an unfinished one is looked at again at every step.
    assert sorted(inbox.checked) == ["x.cha", "x.wav", "y.cha", "y.cha", "y.cha"]
    os.utime(inbox.root / "x.wav", ns=(0, 1_000_000_000))  # touched: same bytes, other mtime
    inbox.checked.clear()
    inbox.step(8.0)
    assert inbox.checked == ["y.cha"]
    inbox.step(13.0)
    assert sorted(inbox.checked) == ["x.wav", "y.cha", "y.cha"]


def test_next_deadline_is_the_earliest_settling_time(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    assert inbox.tracker.next_deadline(0.0) is None
    put(inbox.root, "a.cha")
    inbox.step(10.0)
    put(inbox.root, "b.cha")
    inbox.step(12.0)
    assert inbox.tracker.next_deadline(12.0) == 15.0
    assert inbox.tracker.next_deadline(15.0) == 17.0
    inbox.step(17.0)
    assert inbox.tracker.next_deadline(17.0) is None


def test_blocked_paths_hold_their_bundle_only(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    put(inbox.root, "PWA/a.cha")
    put(inbox.root, "ok.cha")
    put(inbox.root, "x.cha")
    root = os.fsencode(inbox.root)
    for rel in (b"PWA/\xff.wav", b"x.\xe9.wav"):
        with open(os.path.join(root, rel), "wb") as f:
            f.write(b"RIFF")
    (inbox.root / "PWA/link.cha").symlink_to(inbox.root / "ok.cha")
    inbox.step(0.0)
    result = inbox.step(5.0)
    assert [b.name for b in result.ready] == ["ok"]
    assert {w.name: w.reason for w in result.waiting} == {
        "PWA": "PWA/\\xff.wav: name is not valid UTF-8; rename it (and 1 more)",
        "x": "x.\\xe9.wav: name is not valid UTF-8; rename it",
    }


def test_conflicts_and_empty_bundles_wait(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    put(inbox.root, "PWA/a.cha")
    put(inbox.root, "PWA.cha")
    put(inbox.root, "TYO/hotfolder.yaml", b"lang: jpn\n")
    inbox.step(0.0)
    assert inbox.waiting(5.0) == {
        "PWA": "waiting for the folder PWA/ of the same name to be taken first",
        "TYO": "no input files yet",
    }
    assert inbox.ready(5.0) == ["PWA"]


def test_a_waiting_bundle_keeps_the_time_it_started_waiting_until_it_stops(tmp_path: Path) -> None:
    inbox = Inbox(tmp_path / "in")
    cha = put(inbox.root, "x.cha", CHA[: CHA.index(b"@End")])
    inbox.step(10.0)
    (waiting,) = inbox.step(3600.0).waiting  # the reason changed (settling -> no @End): still one wait
    assert (waiting.since, waiting.reason) == (10.0, "x.cha: CHAT file does not end with @End yet")
    with open(cha, "ab") as f:
        f.write(b"@End\n")
    inbox.step(3601.0)
    assert inbox.ready(3700.0) == ["x"]
    cha.unlink()
    put(inbox.root, "x.cha", CHA[:10])
    (again,) = inbox.step(3800.0).waiting
    assert again.since == 3800.0  # a new wait after it was ready
