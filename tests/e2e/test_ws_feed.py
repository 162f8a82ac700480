"""`/ws` and the results endpoint through a real daemon, as batchalign3's dashboard and CLI read them.

Every message is checked against batchalign3's own schemas (its OpenAPI document);
the token refusal, ping/pong and the order of file and job updates are the daemon's.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from tests.api.specschema import validate
from tests.support.daemon import DaemonProcess, make_daemon
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e

SPEC = json.loads((Path(__file__).resolve().parents[3] / "shared/reference/batchalign3-openapi.json").read_text())
SCHEMAS = {**SPEC["components"]["schemas"], "LanguageSpec": {"type": "string"}}  # lang as the server sends it
TOKEN = "lab-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def conforms(body: object, name: str, schemas: dict[str, Any] = SCHEMAS) -> None:
    validate(body, {"$ref": f"#/components/schemas/{name}"}, schemas)


def check_message(message: dict[str, Any]) -> None:
    kind = message["type"]
    if kind == "snapshot":
        assert set(message) == {"type", "jobs", "health"}
        for job in message["jobs"]:
            conforms(job, "JobListItem")
        conforms(message["health"], "HealthResponse")
    elif kind == "job_update":
        assert set(message) == {"type", "job"}
        conforms(message["job"], "JobListItem")
    elif kind == "file_update":
        assert set(message) == {"type", "job_id", "file", "completed_files"}
        conforms(message["file"], "FileStatusEntry")
    else:
        assert message == {"type": "job_deleted", "job_id": message["job_id"]}


class TokenDaemon(DaemonProcess):
    """The daemon helper, sending the API token with every request."""

    def get(self, path: str) -> Any:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=AUTH)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@pytest.fixture
def daemon(tmp_path: Path) -> Iterator[TokenDaemon]:
    made = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"api": {"token": TOKEN}})
    d = TokenDaemon(made.root, made.config_path, made.port, made.folders, made.launcher)
    d.start()
    yield d
    assert d.stop() == 0, d.log()


def receive_until(ws: ClientConnection, done: Any, seen: list[Any], timeout: float = 60.0) -> None:
    """Read frames into `seen` (JSON decoded, `pong` as is) until `done(frame)`."""
    while True:
        text = ws.recv(timeout=timeout)
        assert isinstance(text, str)  # text frames only, as ws.ts expects
        frame = text if text == "pong" else json.loads(text)
        seen.append(frame)
        if done(frame):
            return


def test_ws_feed_and_results_through_a_daemon(daemon: TokenDaemon) -> None:
    url = f"ws://127.0.0.1:{daemon.port}/ws"
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=10).close()
    assert refused.value.response.status_code == 401

    folder = daemon.folders["t"]
    seen: list[Any] = []
    with connect(url, additional_headers=AUTH, open_timeout=10) as ws:
        receive_until(ws, lambda frame: True, seen)
        (folder.inbox / "a.txt").write_text("sleep 1\n")
        receive_until(ws, lambda f: f != "pong" and f["type"] == "job_update" and f["job"]["status"] == "completed", seen)
        ws.send("ping")
        receive_until(ws, lambda frame: frame == "pong", seen)

    messages = [frame for frame in seen if frame != "pong"]
    for message in messages:
        check_message(message)
    snapshot = messages[0]
    assert (snapshot["type"], snapshot["jobs"], snapshot["health"]["status"]) == ("snapshot", [], "ok")
    kinds = [(m["type"], m.get("file", {}).get("status") or m.get("job", {}).get("status")) for m in messages[1:]]
    processing = kinds.index(("file_update", "processing"))
    done = kinds.index(("file_update", "done"))
    assert processing < done < kinds.index(("job_update", "completed"))
    in_hand = messages[1 + processing]["file"]
    assert (in_hand["filename"], in_hand["progress_stage"]) == ("a.txt", "resolving_coreference")  # coref's stage
    assert messages[1 + done]["completed_files"] == 1
    job = messages[-1]["job"]
    assert job["source_dir"] == str(folder.inbox / "a.txt")  # the bundle, not the inbox
    assert job["num_workers"] == 1

    job_id = job["job_id"]
    result = daemon.get(f"/jobs/{job_id}/results/a.txt")
    conforms(result, "FileResult")
    assert (result["filename"], result["content"], result["content_type"]) == ("a.txt", "sleep 1\nok\n", "text")
    ours = daemon.get("/openapi.json")["components"]["schemas"]
    receipt = daemon.get(f"/jobs/{job_id}/results/a.receipt.json?raw=1")
    conforms(receipt, "Receipt", ours)  # the served spec describes the receipt the daemon wrote
    assert receipt["job_id"] == job_id
    assert daemon.get("/fleet") == []
    everything = daemon.get("/jobs")
    assert [j["job_id"] for j in everything] == [job_id]
