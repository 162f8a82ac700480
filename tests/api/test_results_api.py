"""GET /jobs/{id}/results and the result files themselves, including every way out of the outbox."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from hotfolder.api.db import reading
from hotfolder.api.paths import UnsafeResultPath
from hotfolder.api.results import locate

from .conftest import ConformsTo, Ledger

# A real AphasiaBank Japanese excerpt (non-ASCII), read from the shared corpus at test time.
CORPUS_CHA = (
    Path(__file__).resolve().parents[3]
    / "shared/corpus/batchalign3/batchalign/tests/support/parity/jpn_tyo_timed.cha"
)
PROVENANCE = "@Comment:\t[hf morphotag | engine=spacy 3.8 ; lang=jpn | 2026-04-01T08:30:00Z]\n"


def chat_output() -> bytes:
    """The corpus file with our provenance header after its last @ID line, as a command writes it."""
    lines = CORPUS_CHA.read_text(encoding="utf-8").splitlines(keepends=True)
    last_id = max(i for i, line in enumerate(lines) if line.startswith("@ID:"))
    return "".join([*lines[: last_id + 1], PROVENANCE, *lines[last_id + 1 :]]).encode("utf-8")


@pytest.fixture
def finished(ledger: Ledger, tmp_path: Path) -> str:
    """A completed folder job: two outputs of one file, a failed file, a receipt, a stray file."""
    outbox = ledger.outbox
    (outbox / "PWA").mkdir()
    (outbox / "PWA" / "TYO_a1.cha").write_bytes(chat_output())
    (outbox / "PWA" / "TYO_a1.compare.csv").write_text("metric,value\nwer,0.25\n", encoding="utf-8")
    (outbox / "PWA.receipt.json").write_text('{"command": "morphotag"}', encoding="utf-8")
    (outbox / "PWA" / "stray.cha").write_text("@UTF8\n@Begin\n@End\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not yours", encoding="utf-8")
    os.symlink(tmp_path / "secret.txt", outbox / "PWA" / "link.cha")
    job = ledger.job(bundle="PWA", bundle_kind="folder", status="completed", receipt_written=1)
    ledger.file(job, "PWA/TYO_a1.cha", "done", outputs=["PWA/TYO_a1.cha", "PWA/TYO_a1.compare.csv"])
    ledger.file(job, "PWA/TYO_a2.cha", "error", error="E362: unmatched bracket", error_category="validation")
    ledger.file(job, "PWA/link.cha", "done", outputs=["PWA/link.cha"])  # a link pointing out
    ledger.file(job, "PWA/gone.cha", "done", outputs=["PWA/gone.cha"])  # recorded, since deleted
    ledger.file(job, "PWA/TYO_a3.cha", "processing", outputs=["PWA/stray.cha"])  # not done: not served
    return job


def test_results_listing(finished: str, client: TestClient, conforms: ConformsTo) -> None:
    response = client.get(f"/jobs/{finished}/results")

    assert response.status_code == 200
    body = response.json()
    conforms(body, "JobResultResponse")
    assert (body["job_id"], body["status"]) == (finished, "completed")
    files = {item["filename"]: item for item in body["files"]}
    assert list(files) == [
        "PWA/TYO_a1.cha",
        "PWA/TYO_a1.compare.csv",
        "PWA/TYO_a2.cha",
        "PWA/link.cha",
        "PWA/gone.cha",
        "PWA.receipt.json",
    ]
    assert files["PWA/TYO_a1.cha"] == {
        "filename": "PWA/TYO_a1.cha",
        "content_type": "chat",
        "provenance": [
            {
                "command": "morphotag",
                "fields": {"engine": "spacy 3.8", "lang": "jpn"},
                "timestamp": "2026-04-01T08:30:00Z",
            }
        ],
    }
    assert files["PWA/TYO_a1.compare.csv"] == {
        "filename": "PWA/TYO_a1.compare.csv",
        "content_type": "csv",
        "provenance": [],
    }
    assert files["PWA/TYO_a2.cha"] == {"filename": "PWA/TYO_a2.cha", "error": "E362: unmatched bracket"}
    assert files["PWA.receipt.json"]["content_type"] == "text"


def test_results_of_unknown_job_is_404(client: TestClient) -> None:
    response = client.get("/jobs/nope/results")

    assert (response.status_code, response.json()) == (404, {"detail": "job nope not found"})


def test_download_chat_as_utf8_text(finished: str, client: TestClient) -> None:
    response = client.get(f"/jobs/{finished}/results/PWA/TYO_a1.cha?raw=1")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    assert response.content == chat_output()
    assert response.headers["content-disposition"].startswith("inline")


@pytest.mark.parametrize(
    ("path", "content_type", "text"),
    [
        ("PWA/TYO_a1.compare.csv", "text/csv; charset=utf-8", "metric,value\nwer,0.25\n"),
        ("PWA.receipt.json", "application/json", '{"command": "morphotag"}'),
    ],
)
def test_download_other_results(
    finished: str, client: TestClient, path: str, content_type: str, text: str
) -> None:
    response = client.get(f"/jobs/{finished}/results/{path}", params={"raw": "1"})

    assert (response.status_code, response.headers["content-type"], response.text) == (
        200,
        content_type,
        text,
    )


def test_head_of_a_result(finished: str, client: TestClient) -> None:
    response = client.head(f"/jobs/{finished}/results/PWA/TYO_a1.cha?raw=1")

    assert response.status_code == 200
    assert int(response.headers["content-length"]) == len(chat_output())
    assert response.content == b""


def test_receipt_not_served_before_it_is_written(ledger: Ledger, client: TestClient) -> None:
    (ledger.outbox / "x.receipt.json").write_text("{}", encoding="utf-8")
    job = ledger.job(bundle="x", status="running", receipt_written=0)

    assert client.get(f"/jobs/{job}/results/x.receipt.json").status_code == 404
    assert client.get(f"/jobs/{job}/results").json()["files"] == []


@pytest.mark.parametrize(
    "path",
    [
        "PWA/stray.cha",  # in the outbox, but no done file of this job wrote it
        "PWA/gone.cha",  # recorded, but no longer on disk
        "PWA/link.cha",  # recorded, but a link to outside the outbox
        "PWA",  # a folder
    ],
)
def test_not_a_servable_result_is_404(finished: str, client: TestClient, path: str) -> None:
    response = client.get(f"/jobs/{finished}/results/{path}")

    assert response.status_code == 404
    assert response.json() == {"detail": f"job {finished} has no result {path}"}


@pytest.mark.parametrize(
    ("url_path", "reason"),
    [
        ("..%2fsecret.txt", "'..' segment"),
        ("%2e%2e%2fsecret.txt", "'..' segment"),
        ("%2e%2e/secret.txt", "'..' segment"),
        ("PWA%2f..%2f..%2fsecret.txt", "'..' segment"),
        ("%2fetc%2fpasswd", "is absolute"),
        ("/etc/passwd", "is absolute"),
        ("..%5Csecret.txt", "backslash"),
        ("PWA%5CTYO_a1.cha", "backslash"),
        ("PWA/TYO_a1.cha%00.txt", "NUL byte"),
    ],
)
def test_escaping_paths_are_400(
    finished: str, client: TestClient, conforms: ConformsTo, url_path: str, reason: str
) -> None:
    response = client.get(f"/jobs/{finished}/results/{url_path}")

    assert response.status_code == 400
    assert reason in response.json()["detail"]
    conforms(response.json(), "ErrorResponse")


@pytest.mark.parametrize("path", ["../secret.txt", "PWA/../../secret.txt", "./PWA/TYO_a1.cha", "/etc/passwd"])
def test_result_file_refuses_raw_escapes(ledger: Ledger, finished: str, path: str) -> None:
    # The router never normalises dot segments itself; feed them to the query as uvicorn would.
    with reading(ledger.path) as conn, pytest.raises(UnsafeResultPath):
        locate(conn, finished, path)


def test_result_file_of_unknown_job(ledger: Ledger, client: TestClient) -> None:
    with reading(ledger.path) as conn:
        assert locate(conn, "nope", "a.cha") is None
    response = client.get("/jobs/nope/results/a.cha")
    assert (response.status_code, response.json()) == (404, {"detail": "job nope not found"})


def test_a_result_is_a_file_result_by_default(finished: str, client: TestClient, conforms: ConformsTo) -> None:
    response = client.get(f"/jobs/{finished}/results/PWA/TYO_a1.cha")

    assert (response.status_code, response.headers["content-type"]) == (200, "application/json")
    body = response.json()
    conforms(body, "FileResult")
    assert body == {
        "filename": "PWA/TYO_a1.cha",
        "content": chat_output().decode("utf-8"),
        "content_type": "chat",
        "provenance": [
            {"command": "morphotag", "fields": {"engine": "spacy 3.8", "lang": "jpn"}, "timestamp": "2026-04-01T08:30:00Z"}
        ],
    }


@pytest.mark.parametrize(
    ("accept", "raw"),
    [
        (None, False),
        ("*/*", False),  # curl, fetch(), batchalign3's clients
        ("application/json", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),  # a browser's link
        ("text/plain", True),
        ("application/json, text/plain;q=0.5", False),
    ],
)
def test_accept_chooses_json_or_the_file(finished: str, client: TestClient, accept: str | None, raw: bool) -> None:
    headers = {"accept": accept} if accept else {}
    if accept is None:
        headers = {"accept": ""}
    response = client.get(f"/jobs/{finished}/results/PWA/TYO_a1.cha", headers=headers)

    assert response.status_code == 200
    assert (response.content == chat_output()) is raw
    forced = client.get(f"/jobs/{finished}/results/PWA/TYO_a1.cha?raw=0", headers=headers)
    assert forced.json()["filename"] == "PWA/TYO_a1.cha"


def test_raw_must_be_0_or_1(finished: str, client: TestClient) -> None:
    response = client.get(f"/jobs/{finished}/results/PWA/TYO_a1.cha?raw=yes")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "raw must be 0 (FileResult JSON) or 1 (the file itself), not 'yes'"},
    )


def test_stem_fallback_finds_the_output_of_another_extension(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    (ledger.outbox / "x.cha").write_text("@UTF8\n@Begin\n@End\n", encoding="utf-8")
    (ledger.outbox / "y.opensmile.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    job = ledger.job(status="completed", command="transcribe")
    ledger.file(job, "x.wav", "done", outputs=["x.cha"])
    ledger.file(job, "y.wav", "done", outputs=["y.opensmile.csv"])

    asked_wav = client.get(f"/jobs/{job}/results/x.wav").json()  # the input's name
    asked_mp3 = client.get(f"/jobs/{job}/results/x.mp3").json()  # only the stem matches
    asked_csv = client.get(f"/jobs/{job}/results/y.wav").json()

    conforms(asked_wav, "FileResult")
    assert asked_wav == asked_mp3 == {
        "filename": "x.cha",
        "content": "@UTF8\n@Begin\n@End\n",
        "content_type": "chat",
        "provenance": [],
    }
    assert (asked_csv["filename"], asked_csv["content_type"], asked_csv["content"]) == ("y.opensmile.csv", "csv", "a,b\n1,2\n")
    raw = client.get(f"/jobs/{job}/results/x.wav?raw=1")
    assert (raw.status_code, raw.text) == (200, "@UTF8\n@Begin\n@End\n")


def test_a_file_not_ended_is_409(ledger: Ledger, client: TestClient, conforms: ConformsTo) -> None:
    job = ledger.job(status="running")
    ledger.file(job, "a.cha", "processing")
    ledger.file(job, "b.cha", "queued")

    for name in ("a.cha", "b.wav"):
        response = client.get(f"/jobs/{job}/results/{name}")
        assert response.status_code == 409
        conforms(response.json(), "ErrorResponse")
    assert client.get(f"/jobs/{job}/results/a.cha").json() == {
        "detail": "a.cha is processing, not done yet; ask again once it has ended"
    }


def test_a_failed_file_answers_its_error(finished: str, client: TestClient, conforms: ConformsTo) -> None:
    response = client.get(f"/jobs/{finished}/results/PWA/TYO_a2.cha")

    conforms(response.json(), "FileResult")
    assert response.json() == {"filename": "PWA/TYO_a2.cha", "content": "", "error": "E362: unmatched bracket"}
    raw = client.get(f"/jobs/{finished}/results/PWA/TYO_a2.cha?raw=1")
    assert (raw.status_code, raw.json()) == (
        404,
        {"detail": "PWA/TYO_a2.cha failed, so it has no output: E362: unmatched bracket"},
    )


def test_the_receipt_as_json_and_raw(finished: str, client: TestClient, conforms: ConformsTo) -> None:
    body = client.get(f"/jobs/{finished}/results/PWA.receipt.json").json()

    conforms(body, "FileResult")
    assert (body["filename"], body["content_type"], body["content"]) == ("PWA.receipt.json", "text", '{"command": "morphotag"}')
    assert client.get(f"/jobs/{finished}/results/PWA.receipt.json?raw=1").json() == {"command": "morphotag"}
