"""Schemathesis over every operation of our own /openapi.json, in-process against create_app.

Each operation gets generated requests, valid and invalid, against a seeded ledger,
media roots and bug reports: no answer may be a 500, and every answer must match
what the document says (status code, content type, headers, body schema), invalid
parameters must be refused and valid ones accepted. The cases come from
`APIOperation.as_strategy()` inside ordinary tests, so the app is built from
pytest fixtures (tmp_path) per test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode
from schemathesis.core.result import Ok

from hotfolder.api.app import create_app
from hotfolder.api.live import LiveFacts
from hotfolder.api.openapi import openapi_path
from hotfolder.api.routes import ROUTES
from hotfolder.daemon.bugreports import bug_report_dir

from .conftest import Ledger, api_settings

# Schemathesis leaves out the operation that serves the document itself (tests/api/test_openapi.py).
PATHS = [openapi_path(route.path) for route in ROUTES if route.path != "/openapi.json"]
# Only typed query parameters can be sent invalid (any string is a valid id, bank or subdir).
WITH_PARAMETERS = [
    openapi_path(route.path)
    for route in ROUTES
    if any(q.schema.get("type") == "integer" for q in route.query)
]
EXAMPLES = 30
LIVE = LiveFacts.model_validate({
    "host_memory_pressure": "healthy",
    "live_workers": 1,
    "hotfolders": [
        {"name": "lab", "command": "morphotag", "watch_mode": "native", "last_scan_duration_s": 0.1}
    ],
})
CHAT = "@UTF8\n@Begin\n@Comment:\t[hf morphotag | lang=eng | 2026-01-01T00:00:00Z]\n@End\n"
# Positive cases are not always accepted: a generated job id is (almost always) not in the ledger.
EXCLUDED = [schemathesis.checks.positive_data_acceptance]


def seed(ledger: Ledger, state: Path) -> dict[str, str]:
    """Jobs in every status with done and failed files, a result on disk and a bug report."""
    (ledger.outbox / "a.cha").write_text(CHAT)
    ids = {}
    for status in ("queued", "running", "completed", "failed", "cancelled", "interrupted"):
        ended = status in ("completed", "failed", "cancelled")
        job = ledger.job(
            status=status, started_at=1.0, completed_at=2.0 if ended else None, receipt_written=int(ended)
        )
        ledger.file(job, "a.cha", "done", outputs=["a.cha"])
        ledger.file(
            job,
            "b.cha",
            "error",
            error="bad",
            error_category="validation",
            error_codes=["E362"],
            error_line=3,
        )
        ledger.input(job, str(ledger.outbox.parent / "inbox" / "a.cha"), "a.cha")
        ids[status] = job
    folder = bug_report_dir(state)
    folder.mkdir(parents=True)
    (folder / "0123456789abcdef.json").write_text(
        json.dumps({"id": "0123456789abcdef", "command": "morphotag"})
    )
    return ids


@pytest.fixture
def seeded(ledger: Ledger, tmp_path: Path) -> tuple[schemathesis.BaseSchema, dict[str, str]]:
    state = tmp_path / "state"
    ids = seed(ledger, state)
    media = tmp_path / "media"
    (media / "Eng").mkdir(parents=True)
    (media / "Eng" / "x.wav").write_bytes(b"RIFF")
    settings_ = api_settings(
        ledger.path, state, live=lambda: LIVE, media_roots=(media,), media_mappings={"childes": media}
    )
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(settings_)), ids


def run(strategy: st.SearchStrategy[Case[Any]]) -> None:
    @given(case=strategy)
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def check(case: Case[Any]) -> None:
        case.call_and_validate(excluded_checks=EXCLUDED)

    check()


def test_the_document_is_every_route(seeded: tuple[schemathesis.BaseSchema, dict[str, str]]) -> None:
    schema, _ = seeded
    results = list(schema.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]

    assert len(operations) == len(results)  # every operation's definition loads
    assert sorted((op.method.upper(), op.path) for op in operations) == sorted(
        ("GET", path) for path in PATHS
    )


@pytest.mark.parametrize("path", PATHS)
def test_generated_requests_conform(
    seeded: tuple[schemathesis.BaseSchema, dict[str, str]], path: str
) -> None:
    schema, _ = seeded
    run(schema[path]["GET"].as_strategy(generation_mode=GenerationMode.POSITIVE))


@pytest.mark.parametrize("path", WITH_PARAMETERS)
def test_invalid_parameters_are_refused(
    seeded: tuple[schemathesis.BaseSchema, dict[str, str]], path: str
) -> None:
    schema, _ = seeded
    run(schema[path]["GET"].as_strategy(generation_mode=GenerationMode.NEGATIVE))


@pytest.mark.parametrize("status", ["completed", "failed", "cancelled"])
@pytest.mark.parametrize("path", [p for p in PATHS if "{job_id}" in p])
def test_requests_for_seeded_jobs_conform(
    seeded: tuple[schemathesis.BaseSchema, dict[str, str]], path: str, status: str
) -> None:
    schema, ids = seeded
    # Ended jobs only: the stream of a live job never ends, and this client reads to the end.
    parameters = {"job_id": ids[status], **({"filename": "a.cha"} if "{filename}" in path else {})}
    run(schema[path]["GET"].as_strategy(path_parameters=parameters))


def test_requests_for_a_seeded_bug_report_conform(
    seeded: tuple[schemathesis.BaseSchema, dict[str, str]],
) -> None:
    schema, _ = seeded
    run(schema["/bug-reports/{id}"]["GET"].as_strategy(path_parameters={"id": "0123456789abcdef"}))
