"""What the API refuses: writes (405 with a CLI hint), missing tokens (401), unknown paths, crashes."""

from __future__ import annotations

import logging

import pytest
from starlette.testclient import TestClient

from hotfolder.api.middleware.auth import authorized
from hotfolder.api.middleware.readonly import write_hint

from .conftest import ConformsTo, Ledger, MakeClient


@pytest.mark.parametrize(
    ("method", "path", "hint"),
    [
        ("POST", "/jobs", "hotfolder takes work only from its hot folders: drop files into a hot folder's inbox to submit a job"),
        ("POST", "/jobs/", "hotfolder takes work only from its hot folders: drop files into a hot folder's inbox to submit a job"),
        ("POST", "/jobs/abc/cancel", "use `hotfolder cancel abc`"),
        ("DELETE", "/jobs/abc", "hotfolder takes work only from its hot folders and keeps every job in its ledger: use `hotfolder cancel abc` to stop it"),
        ("DELETE", "/jobs/abc/", "hotfolder takes work only from its hot folders and keeps every job in its ledger: use `hotfolder cancel abc` to stop it"),
        ("POST", "/jobs/abc/restart", "use `hotfolder restart abc`"),
        ("PUT", "/jobs/abc", "PUT is not served: use the `hotfolder` command line to change anything"),
        ("PATCH", "/health", "PATCH is not served: use the `hotfolder` command line to change anything"),
        (
            "DELETE",
            "/jobs/abc/results/x.cha",
            "DELETE is not served: use the `hotfolder` command line to change anything",
        ),
    ],
)
def test_write_hint(method: str, path: str, hint: str) -> None:
    assert write_hint(method, path) == f"the API is read-only; {hint}"


@pytest.mark.parametrize(
    ("method", "path", "hint"),
    [
        ("POST", "/jobs", "drop files into a hot folder"),
        ("DELETE", "/jobs/{id}", "use `hotfolder cancel {id}`"),
        ("POST", "/jobs/{id}/cancel", "use `hotfolder cancel {id}`"),
        ("POST", "/jobs/{id}/restart", "use `hotfolder restart {id}`"),
        ("PUT", "/jobs/{id}", "use the `hotfolder` command line"),
        ("PATCH", "/jobs/{id}", "use the `hotfolder` command line"),
        ("POST", "/no/such/path", "use the `hotfolder` command line"),
        ("OPTIONS", "/jobs", "OPTIONS is not served"),
    ],
)
def test_writes_are_405_with_the_cli_command(
    ledger: Ledger, client: TestClient, conforms: ConformsTo, method: str, path: str, hint: str
) -> None:
    job = ledger.job(status="running")

    response = client.request(method, path.format(id=job), json={"command": "morphotag"})

    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert hint.format(id=job) in response.json()["detail"]
    conforms(response.json(), "ErrorResponse")
    assert client.get(f"/jobs/{job}").json()["status"] == "running"  # and nothing changed


def test_unknown_path_is_404_json(client: TestClient, conforms: ConformsTo) -> None:
    response = client.get("/media/nothing")

    assert response.status_code == 404
    assert response.json() == {"detail": "no such path: /media/nothing"}
    conforms(response.json(), "ErrorResponse")


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        ("Bearer s3cret", True),
        ("bearer s3cret", True),
        ("Bearer  s3cret ", True),
        ("Bearer s3cre", False),
        ("Bearer s3cret2", False),
        ("Basic s3cret", False),
        ("s3cret", False),
        ("", False),
        (None, False),
    ],
)
def test_authorized(header: str | None, ok: bool) -> None:
    assert authorized(header, "s3cret") is ok


@pytest.mark.parametrize("path", ["/health", "/jobs", "/openapi.json", "/no/such/path"])
def test_token_required_everywhere(make_client: MakeClient, conforms: ConformsTo, path: str) -> None:
    client = make_client(token="s3cret")

    missing = client.get(path)
    wrong = client.get(path, headers={"Authorization": "Bearer nope"})
    right = client.get(path, headers={"Authorization": "Bearer s3cret"})

    assert (missing.status_code, missing.json()) == (401, {"detail": "missing bearer token"})
    assert missing.headers["www-authenticate"] == 'Bearer realm="hotfolder"'
    assert (wrong.status_code, wrong.json()) == (401, {"detail": "invalid bearer token"})
    assert 'error="invalid_token"' in wrong.headers["www-authenticate"]
    conforms(wrong.json(), "ErrorResponse")
    assert right.status_code == (404 if path == "/no/such/path" else 200)


def test_token_checked_before_writes_are_explained(make_client: MakeClient) -> None:
    client = make_client(token="s3cret")

    assert client.post("/jobs").status_code == 401
    assert client.post("/jobs", headers={"Authorization": "Bearer s3cret"}).status_code == 405


def test_no_token_configured_means_open(client: TestClient) -> None:
    assert client.get("/health").status_code == 200


def test_unexpected_error_is_a_logged_500_without_traceback(
    make_client: MakeClient, conforms: ConformsTo, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> list[str]:
        raise RuntimeError("probe exploded at /secret/path")

    client = make_client(capabilities=broken)

    with caplog.at_level(logging.ERROR, logger="hotfolder.api"):
        response = client.get("/health")

    assert response.status_code == 500
    assert response.json() == {"detail": "internal error"}
    assert "secret" not in response.text
    conforms(response.json(), "ErrorResponse")
    assert caplog.records[-1].getMessage() == "internal error serving GET /health"
    assert caplog.records[-1].exc_info is not None


def test_corrupt_ledger_row_is_a_500(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="paused")  # not a JobStatus: the writer's bug must not become a traceback

    response = client.get(f"/jobs/{job}")

    assert (response.status_code, response.json()) == (500, {"detail": "internal error"})
