"""File names that would forge a log line or spoof the page, through the real daemon and Chromium.

CR/LF in a name must not start a line of its own in the log, a right-to-left override
(U+202E) must show as a visible mark on the dashboard (`‹U+202E›gpj.txt`, not a name
that reads `txt.jpg`), and both files are processed like any other.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_dashboard import ARTIFACTS, Page, chromium
from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e

FORGED = "a\r\nFAKE LOG LINE.txt"
FORGED_FAILING = "b\r\n2026-12-07 00:00:00,000 INFO hotfolder: FAKE.txt"
REVERSED = "\u202egpj.txt"  # shows as "txt.jpg" where bidi controls are obeyed
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ |Traceback|  |\S*Error|$)")


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[DaemonProcess]:
    d = make_daemon(tmp_path, [{"name": "lab", "command": TEST_COMMAND}])
    d.start()
    yield d
    assert d.stop() == 0, d.log()


def test_names_with_line_breaks_and_bidi_controls(daemon: DaemonProcess, tmp_path: Path) -> None:
    folder = daemon.folders["lab"]
    (folder.inbox / FORGED).write_text("sleep 0\n")
    (folder.inbox / REVERSED).write_text("sleep 0\n")
    (folder.inbox / FORGED_FAILING).write_text("fail validation a reason\n")
    jobs = daemon.wait_jobs_ended(3)

    assert sorted(j["status"] for j in jobs) == ["completed", "completed", "failed"]
    assert (folder.outbox / FORGED).read_text() == "sleep 0\nok\n"
    assert (folder.outbox / REVERSED).read_text() == "sleep 0\nok\n"
    log = daemon.log()
    lines = log.split("\n")
    assert [line for line in lines if not LOG_LINE.match(line)] == []
    assert not any(line.startswith(("FAKE", "2026-12-07 00:00:00")) for line in lines)
    assert "\r" not in log and "\u202e" not in log
    assert "a\\r\\nFAKE LOG LINE" in log and "\\u202egpj" in log

    with chromium(tmp_path / "chromium-profile", tmp_path / "chromium.log") as browser:
        shown = page_text(browser, daemon, "gpj.txt")
    assert "\u2039U+202E\u203agpj.txt" in shown
    assert "\u202e" not in shown
    assert "a\u2039U+000D\u203a" in shown  # the carriage return marked too


def page_text(browser: Page, daemon: DaemonProcess, wanted: str) -> str:
    """The dashboard's text once every job row is expanded and `wanted` shows."""
    browser.viewport(1280, 900)
    browser.open(f"http://127.0.0.1:{daemon.port}/")

    def expanded() -> str | None:
        browser.evaluate(
            "document.querySelectorAll('#jobs tbody.job [aria-expanded=false]').forEach((b) => b.click())"
        )
        text: str = browser.evaluate("document.body.innerText")
        return text if wanted in text and text.count("Completed") >= 2 else None

    try:
        return wait_for(expanded, timeout=60, what="the jobs and their files on the page")
    finally:
        browser.screenshot(ARTIFACTS / "dashboard-names.png")


CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PARITY = CORPUS / "batchalign3" / "batchalign" / "tests" / "support" / "parity"


def test_chat_files_with_such_names_are_morphotagged(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "eng", "command": "morphotag", "lang": "eng"}])
    inbox, outbox = d.folders["eng"].inbox, d.folders["eng"].outbox
    source = PARITY / "eng_multi_speaker.cha"  # read from the shared corpus at run time, not copied into the repo
    for name in ("a\r\nFAKE LOG LINE.cha", "\u202egpj.cha"):
        shutil.copy(source, inbox / name)
    d.start()
    try:
        jobs = d.wait_jobs_ended(2, timeout=240)
    finally:
        assert d.stop() == 0, d.log()
    assert [j["status"] for j in jobs] == ["completed", "completed"]
    for name in ("a\r\nFAKE LOG LINE.cha", "\u202egpj.cha"):
        assert "%mor:" in (outbox / name).read_text()
    lines = d.log().split("\n")
    assert [line for line in lines if not LOG_LINE.match(line)] == []
    assert "\r" not in d.log() and "\u202e" not in d.log()
