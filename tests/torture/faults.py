"""Fault scenarios against a real daemon, counted the same way by tests/torture and bench/torture.py.

Each scenario drops files into a real daemon (the test engine of tests/support/testengine.py:
the output is the input plus `ok`), injects one kind of fault while it works, and returns a
`Tally`: drops, faults injected, and the columns that must stay 0: inputs lost (neither an
output nor a copy in failed/ nor still in the inbox), duplicated (more than one done record
or output for one input), wrongly reported done (a done record whose output is missing or
wrong), and daemon restarts the harness had to make because the daemon died on its own.

Faults that need a small filesystem use a tmpfs mounted for the scenario; that needs root
(`mount`), so without it the scenario raises `Unavailable` with the reason.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND


class Unavailable(Exception):
    """This machine cannot inject the fault (the message says why)."""


@dataclass
class Tally:
    fault: str
    drops: int = 0
    faults: int = 0
    lost: int = 0
    duplicated: int = 0
    wrongly_done: int = 0
    restarts_needed: int = 0
    failed: int = 0  # inputs kept in failed/ with their reason: not lost, reported
    seconds: float = 0.0
    lost_names: list[str] = field(default_factory=list)

    def row(self) -> str:
        return (
            f"{self.fault:28s} {self.drops:6d} {self.faults:6d} {self.lost:5d} {self.duplicated:5d}"
            f" {self.wrongly_done:6d} {self.restarts_needed:8d} {self.failed:6d} {self.seconds:7.1f}"
        )


HEADER = f"{'fault':28s} {'drops':>6s} {'faults':>6s} {'lost':>5s} {'dup':>5s} {'wrong':>6s} {'restarts':>8s} {'failed':>6s} {'seconds':>7s}"


def body(name: str, sleep_s: float = 0.01, pad: int = 0) -> str:
    return f"sleep {sleep_s}\n# {name}\n" + ("#" * pad + "\n" if pad else "")


def drop(inbox: Path, names: list[str], sleep_s: float = 0.01, pad: int = 0) -> dict[str, str]:
    """Write each file under a temporary name, then rename it in, as a careful copier does."""
    written = {}
    for name in names:
        text = body(name, sleep_s, pad)
        tmp = inbox / f".part-{name}"
        tmp.write_text(text)
        os.replace(tmp, inbox / name)
        written[name] = text
    return written


def files_ended(d: DaemonProcess) -> int:
    db = sqlite3.connect(d.root / "state" / "ledger.db")
    try:
        return int(db.execute("SELECT COUNT(*) FROM files WHERE status NOT IN ('queued', 'processing')").fetchone()[0])
    finally:
        db.close()


def count(d: DaemonProcess, folder: str, expected: dict[str, str], tally: Tally, *, final: bool = True) -> Tally:
    """Fill the loss columns from the outbox, failed/, the inbox and the ledger.

    With `final` False (mid-fault), only the wrongly-done column is counted.
    """
    f = d.folders[folder]
    db = sqlite3.connect(d.root / "state" / "ledger.db")
    try:
        rows = db.execute(
            "SELECT f.filename, COUNT(*) FROM files f JOIN jobs j ON j.id = f.job_id"
            " WHERE j.folder = ? AND f.status = 'done' GROUP BY f.filename",
            (folder,),
        ).fetchall()
    finally:
        db.close()
    done = dict(rows)
    for name, text in expected.items():
        output = f.outbox / name
        kept = f.failed / name.split(".", 1)[0] / name
        in_inbox = (f.inbox / name).exists()
        if done.get(name, 0) > 1 and final:
            tally.duplicated += 1
        if done.get(name):
            if not output.exists() or output.read_text() != text + "ok\n":
                tally.wrongly_done += 1
        elif not final:
            continue
        elif kept.exists():
            tally.failed += 1
        elif not in_inbox and not (output.exists() and output.read_text() == text + "ok\n"):
            tally.lost += 1
            tally.lost_names.append(name)
    return tally


def settled(d: DaemonProcess, total: int, timeout: float = 180) -> None:
    """Wait until every job has ended and nothing is left to claim."""
    ended = {"completed", "failed", "cancelled"}

    def check() -> bool:
        jobs = d.jobs()
        return len(jobs) >= total and all(j["status"] in ended for j in jobs)

    wait_for(check, timeout=timeout, interval=0.3, what=f"{total} ended jobs")


def alive_or_restart(d: DaemonProcess, tally: Tally) -> None:
    assert d.process is not None
    if d.process.poll() is not None:
        tally.restarts_needed += 1
        d.start()


@contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        raise Unavailable("a small filesystem needs root to mount a tmpfs")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        raise Unavailable(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def remount(path: Path, options: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{options}", str(path)], check=True, capture_output=True)


def _daemon(root: Path, **folder: Any) -> DaemonProcess:
    spec = {"name": "t", "command": TEST_COMMAND, "settle_s": 0.2, "poll_interval_s": 0.1, **folder}
    extra = {"pool": {"max_workers": 2, "max_attempts": 2}}
    return make_daemon(root, [spec], extra=extra)


# -- scenarios -------------------------------------------------------------------------------


def kill9_storm(root: Path, files: int = 150, kills: int = 4) -> Tally:
    """kill -9 the daemon at several moments while hundreds of files are dropped and worked."""
    started = time.monotonic()
    tally = Tally("kill -9 storm", drops=files)
    d = _daemon(root)
    d.start()
    inbox = d.folders["t"].inbox
    names = [f"k{i:04d}.txt" for i in range(files)]
    expected: dict[str, str] = {}
    chunk = max(1, files // (kills + 1))
    for k in range(kills):
        expected |= drop(inbox, names[k * chunk : (k + 1) * chunk])
        time.sleep(0.4 + 0.3 * k)  # claiming, working, releasing: a different moment each time
        d.kill9()
        tally.faults += 1
        d.start()
    expected |= drop(inbox, names[kills * chunk :])
    settled(d, 1)
    wait_for(lambda: not any(inbox.iterdir()), timeout=240, interval=0.3, what="the inbox emptied")
    alive_or_restart(d, tally)
    assert d.stop() == 0, d.log()
    count(d, "t", expected, tally)
    staging = root / "state" / "staging"
    left = sorted(p.name for p in staging.iterdir()) if staging.exists() else []
    tally.lost += len(left)  # staging left behind counts as a leak
    tally.lost_names += [f"staging/{name}" for name in left]
    tally.seconds = time.monotonic() - started
    return tally


def full_outbox(root: Path, files: int = 40) -> Tally:
    """The outbox's filesystem fills up mid-run, then space returns."""
    started = time.monotonic()
    tally = Tally("full disk: outbox", drops=files)
    with tmpfs(root / "small", "1m") as small:
        d = _daemon(root, outbox=str(small / "outbox"), failed=str(root / "failed"))
        d.start()
        inbox = d.folders["t"].inbox
        names = [f"o{i:03d}.txt" for i in range(files)]
        expected = drop(inbox, names, pad=60_000)  # 40 x 60 kB outputs do not fit in 1 MB
        tally.faults += 1
        wait_for(lambda: files_ended(d) >= files, timeout=240, interval=0.3, what="every file worked while the disk is full")
        time.sleep(2)  # receipts and releases are retried meanwhile
        alive_or_restart(d, tally)
        count(d, "t", expected, tally, final=False)  # nothing reported done without its output, even now
        remount(small, "size=64m")  # space returns
        settled(d, 1, timeout=240)
        wait_for(lambda: not any(inbox.iterdir()), timeout=240, interval=0.3, what="every drop released after space returned")
        late = [f"late{i:02d}.txt" for i in range(5)]
        expected |= drop(inbox, late, pad=60_000)
        tally.drops += len(late)
        wait_for(lambda: all((small / "outbox" / n).exists() for n in late), timeout=120, what="drops after space returned")
        alive_or_restart(d, tally)
        assert d.stop() == 0, d.log()
        count(d, "t", expected, tally)
    tally.seconds = time.monotonic() - started
    return tally


def full_state(root: Path, files: int = 30) -> Tally:
    """The state folder (ledger, staging) fills up, then space returns."""
    started = time.monotonic()
    tally = Tally("full disk: state folder", drops=files)
    # Room for the drops' staging copies once space returns; the filler takes it all meanwhile.
    with tmpfs(root / "small", f"{3 + files // 10}m") as small:
        d = _daemon(root)
        (small / "state").mkdir()
        if (root / "state").is_dir():
            os.rmdir(root / "state")
        os.symlink(small / "state", root / "state")  # the ledger and staging land on the small filesystem
        d.start()
        inbox = d.folders["t"].inbox
        filler = small / "filler"
        free = shutil.disk_usage(small).free
        filler.write_bytes(b"\0" * max(0, free - 200_000))  # leave the ledger a little room
        tally.faults += 1
        expected = drop(inbox, [f"s{i:03d}.txt" for i in range(files)], pad=20_000)
        time.sleep(6)
        alive_or_restart(d, tally)
        filler.unlink()  # space returns
        settled(d, 1, timeout=240)
        wait_for(lambda: not any(inbox.iterdir()), timeout=240, interval=0.3, what="every drop taken after space returned")
        alive_or_restart(d, tally)
        assert d.stop() == 0, d.log()
        count(d, "t", expected, tally)
        left = sorted(p.name for p in (small / "state" / "staging").iterdir())
        tally.lost += len(left)  # staging copies of claims the full disk undid: a leak
        tally.lost_names += [f"staging/{name}" for name in left]
    tally.seconds = time.monotonic() - started
    return tally


def read_only(root: Path, which: str, files: int = 20) -> Tally:
    """The outbox or failed/ is read-only (a share mounted ro), for a while."""
    started = time.monotonic()
    tally = Tally(f"read-only {which}", drops=files)
    with tmpfs(root / "ro", "64m") as ro:
        outbox, failed = (ro / "outbox", root / "failed") if which == "outbox" else (root / "outbox", ro / "failed")
        outbox.mkdir(exist_ok=True)
        failed.mkdir(exist_ok=True)
        d = _daemon(root, outbox=str(outbox), failed=str(failed))
        d.start()
        remount(ro, "ro")
        tally.faults += 1
        inbox = d.folders["t"].inbox
        bad = [f"bad{i:02d}.txt" for i in range(files // 2)]
        good = [f"r{i:03d}.txt" for i in range(files - len(bad))]
        expected = drop(inbox, good)
        for name in bad:  # these fail on purpose, so failed/ is needed
            (inbox / f".part-{name}").write_text("fail validation on purpose\n")
            os.replace(inbox / f".part-{name}", inbox / name)
        time.sleep(4)
        alive_or_restart(d, tally)
        remount(ro, "rw")
        settled(d, 1, timeout=240)
        wait_for(lambda: not any(inbox.iterdir()), timeout=240, interval=0.3, what="every drop ended after the share came back")
        alive_or_restart(d, tally)
        assert d.stop() == 0, d.log()
        count(d, "t", {n: t for n, t in expected.items() if n not in bad}, tally)
        for name in bad:  # an input meant to fail must be in failed/ with its reason, not lost
            kept = failed / name.split(".", 1)[0] / name
            if kept.exists() and kept.with_name(name + ".error.json").exists():
                tally.failed += 1
            else:
                tally.lost += 1
    tally.seconds = time.monotonic() - started
    return tally


def inbox_moved(root: Path, files: int = 30) -> Tally:
    """The inbox is deleted, then renamed away and back, while the daemon runs."""
    started = time.monotonic()
    tally = Tally("inbox deleted / moved", drops=files)
    d = _daemon(root)
    d.start()
    inbox = d.folders["t"].inbox
    expected = drop(inbox, [f"m{i:03d}.txt" for i in range(files // 3)])
    settled(d, 1)
    wait_for(lambda: not any(inbox.iterdir()), timeout=120, what="first drops taken")
    shutil.rmtree(inbox)
    tally.faults += 1
    time.sleep(1.5)
    alive_or_restart(d, tally)
    inbox.mkdir()
    expected |= drop(inbox, [f"n{i:03d}.txt" for i in range(files // 3)])
    wait_for(lambda: not any(inbox.iterdir()), timeout=120, what="drops into the recreated inbox taken")
    away = inbox.with_name("inbox-away")
    os.rename(inbox, away)
    tally.faults += 1
    time.sleep(1.5)
    alive_or_restart(d, tally)
    rest = [f"p{i:03d}.txt" for i in range(files - 2 * (files // 3))]
    expected |= drop(away, rest)
    os.rename(away, inbox)
    wait_for(lambda: not any(inbox.iterdir()), timeout=120, what="drops made while the inbox was away taken")
    settled(d, 1)
    alive_or_restart(d, tally)
    assert d.stop() == 0, d.log()
    count(d, "t", expected, tally)
    tally.seconds = time.monotonic() - started
    return tally


SCENARIOS: dict[str, Callable[..., Tally]] = {
    "kill9_storm": kill9_storm,
    "full_outbox": full_outbox,
    "full_state": full_state,
    "read_only_outbox": lambda root, **kw: read_only(root, "outbox", **kw),
    "read_only_failed": lambda root, **kw: read_only(root, "failed", **kw),
    "inbox_moved": inbox_moved,
}
