"""The dashboard in headless Chromium against the real daemon: a dropped file appears and completes.

Chromium (Debian's `chromium`) is driven over the DevTools protocol on a websocket,
so no WebDriver is needed. The page is opened once; the test then drops a file into
the inbox and watches the same document (never reloaded) show the job, its file's
progress and its completion. Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import base64
import itertools
import json
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",  # Chromium picks a port and writes it to DevToolsActivePort
)


def start_chromium(profile: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """A headless Chromium and the DevTools websocket URL of its page."""
    binary = shutil.which("chromium")
    if binary is None:
        raise AssertionError("the dashboard test needs Debian's chromium: apt-get install chromium")
    with open(log, "ab") as out:
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"], stdout=out, stderr=out
        )
    active = profile / "DevToolsActivePort"
    port = wait_for(
        lambda: active.exists() and active.read_text().split("\n")[0], timeout=30, what="DevTools"
    )
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as response:
        targets = json.loads(response.read())
    page = next(t for t in targets if t["type"] == "page")
    return process, str(page["webSocketDebuggerUrl"])


@contextmanager
def chromium(profile: Path, log: Path) -> Iterator[Page]:
    """A page of a headless Chromium, for the length of the `with` block."""
    process, url = start_chromium(profile, log)
    try:
        with connect(url, max_size=None, open_timeout=10) as ws:
            yield Page(ws)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


class Page:
    """One Chromium page, spoken to over the DevTools protocol."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.events: list[dict[str, Any]] = []  # DevTools events, in the order received

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events arriving meanwhile are kept in `events`)."""
        number = next(self.ids)
        self.ws.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=30))
            if "method" in message:
                self.events.append(message)
            elif message.get("id") == number:
                if "error" in message:
                    raise AssertionError(f"{method} failed: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page."""
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def viewport(self, width: int, height: int, mobile: bool = False) -> None:
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        wait_for(lambda: self.evaluate("document.readyState") == "complete", timeout=30, what=f"{url} loaded")

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        shot = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[DaemonProcess]:
    d = make_daemon(tmp_path, [{"name": "lab", "command": TEST_COMMAND}])
    d.start()
    yield d
    assert d.stop() == 0, d.log()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Page]:
    with chromium(tmp_path / "chromium-profile", tmp_path / "chromium.log") as page:
        yield page


def row(browser: Page) -> dict[str, Any] | None:
    """The first job row as the page shows it, or None while the table is empty."""
    shown: dict[str, Any] | None = browser.evaluate(
        """(() => {
          const body = document.querySelector("#jobs tbody.job");
          if (!body) return null;
          const files = [...body.querySelectorAll("li.file")].map((li) => ({
            name: li.querySelector(".name").textContent,
            status: li.querySelector(".badge").textContent,
            bar: li.querySelector("[role=progressbar]").getAttribute("aria-valuenow"),
          }));
          return { id: body.dataset.id, status: body.querySelector(".c-status .badge").textContent,
                   live: body.classList.contains("live"), files: files,
                   count: body.querySelector(".c-files .count").textContent,
                   results: [...body.querySelectorAll(".results a")].map((a) => a.textContent) };
        })()"""
    )
    return shown


def test_dropped_file_appears_and_completes_without_reload(daemon: DaemonProcess, browser: Page) -> None:
    browser.call("Network.enable")  # to see the server-sent events the page receives
    browser.viewport(1280, 760)
    browser.open(f"http://127.0.0.1:{daemon.port}/")
    browser.evaluate("window.sameDocument = 'yes'")
    cards = wait_for(
        lambda: browser.evaluate(
            "[...document.querySelectorAll('#folders .folder:not(.muted)')].map((c) => c.innerText)"
        ),
        timeout=60,
        what="the hot folder card",
    )
    empty_shown = browser.evaluate("!document.getElementById('empty').hidden")

    # Four seconds of work: longer than the page's 2 s poll, so the page sees it active.
    (daemon.folders["lab"].inbox / "interview.txt").write_text("sleep 4\n")

    def shown(status: str, results: int = 0) -> dict[str, Any] | None:
        current = row(browser)
        if current is None or current["status"] != status or not current["files"]:
            return None
        return current if len(current["results"]) >= results else None

    try:
        running = wait_for(lambda: shown("Running"), timeout=60, what="the job running on the page")
        browser.screenshot(ARTIFACTS / "dashboard-running.png")
        # The output and the receipt, which is written as the job ends.
        done = wait_for(
            lambda: shown("Completed", results=2), timeout=60, what="the job completed on the page"
        )
        wait_for(
            lambda: browser.evaluate("document.getAnimations().length") == 0, timeout=10, what="a still page"
        )
    except AssertionError as error:
        browser.screenshot(ARTIFACTS / "dashboard-failure.png")
        raise AssertionError(
            f"{error}; the page shows {row(browser)}; daemon log:\n{daemon.log()[-3000:]}"
        ) from error
    browser.screenshot(ARTIFACTS / "dashboard.png")
    browser.viewport(390, 844, mobile=True)
    browser.screenshot(ARTIFACTS / "dashboard-phone.png")

    assert running is not None and done is not None
    assert len(cards) == 1 and cards[0].startswith("lab\n") and "QUEUED" in cards[0].upper()
    assert empty_shown
    job = daemon.jobs()[0]
    assert running["id"] == done["id"] == job["job_id"] and job["status"] == "completed"
    assert running["live"], "an active job is followed over its event stream"
    assert running["files"][0]["name"] == "interview.txt"
    assert done["files"] == [{"name": "interview.txt", "status": "Done", "bar": "100"}]
    assert done["count"] == "1 / 1 done" and not done["live"]
    assert done["results"] == ["interview.txt", "interview.receipt.json"]
    # The page heard the job's end over its event stream.
    heard = [
        (e["params"]["eventName"], json.loads(e["params"]["data"]))
        for e in browser.events
        if e["method"] == "Network.eventSourceMessageReceived"
    ]
    assert ("complete", {"job_id": job["job_id"], "status": "completed"}) in heard
    assert any(name == "file_update" and data["file"]["status"] == "done" for name, data in heard)
    # The same document all along: the page updated itself.
    assert browser.evaluate("window.sameDocument") == "yes"
    assert browser.evaluate("document.getElementById('conn-text').textContent").startswith("Live")
    assert (ARTIFACTS / "dashboard.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_drops_that_wait_too_long_are_listed_with_why_in_health_and_on_the_page(tmp_path: Path, browser: Page) -> None:
    d = make_daemon(tmp_path, [{"name": "lab", "command": TEST_COMMAND, "incomplete_after_s": 1.5}])
    d.start()
    try:
        inbox = d.folders["lab"].inbox
        (inbox / "empty.cha").write_bytes(b"")
        (inbox / "scan.cha").write_bytes(bytes(range(256)) * 8)  # a binary file named .cha, no @End
        (inbox / "caf\u00e9.txt").write_text("sleep 0\n")
        (inbox / "cafe\u0301.txt").write_text("sleep 0\n")
        (inbox / "fine.txt").write_text("sleep 0\n")

        def stuck() -> dict[str, str] | None:
            entries = d.get("/health")["hotfolders"][0]["bundles_stuck"] or []
            return {e["name"]: e["reason"] for e in entries} if len(entries) >= 3 else None

        reasons = wait_for(stuck, timeout=30, what="three stuck bundles in /health")
        assert reasons["empty"] == "empty.cha: CHAT file does not end with @End yet"
        assert reasons["scan"] == "scan.cha: CHAT file does not end with @End yet"
        assert "Unicode normalization" in next(r for n, r in reasons.items() if n.startswith("caf"))
        browser.open(f"http://127.0.0.1:{d.port}/")
        shown = wait_for(
            lambda: browser.evaluate("[...document.querySelectorAll('#folders .stuck li')].map((li) => li.textContent)"),
            timeout=30,
            what="the stuck bundles on the page",
        )
        assert len(shown) == 3 and any(s.startswith("scan waiting ") and s.endswith("does not end with @End yet") for s in shown)
        wait_for(lambda: (d.folders["lab"].outbox / "fine.txt").exists(), timeout=30, what="the good file still processed")
    finally:
        assert d.stop() == 0, d.log()
