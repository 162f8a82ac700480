"""/openapi.json: generated from the models and the route table, GET only, and true to the bodies."""

from __future__ import annotations

from pathlib import Path

from starlette.routing import Route
from starlette.testclient import TestClient

from hotfolder.api.app import create_app, openapi_document
from hotfolder.api.openapi import REF, openapi_path
from hotfolder.api.routes import ROUTES
from hotfolder.api.schemas import HealthResponse, JobInfo

from .conftest import Ledger, MakeClient, api_settings
from .specschema import validate


def refs(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def test_openapi_path() -> None:
    assert openapi_path("/jobs/{job_id}/results/{filename:path}") == "/jobs/{job_id}/results/{filename}"
    assert openapi_path("/health") == "/health"


def test_document_lists_every_route_get_only(client: TestClient) -> None:
    document = client.get("/openapi.json").json()

    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {openapi_path(route.path) for route in ROUTES}
    assert all(list(item) == ["get"] for item in document["paths"].values())
    results = document["paths"]["/jobs/{job_id}/results/{filename}"]["get"]
    assert [p["name"] for p in results["parameters"]] == ["job_id", "filename", "raw"]  # batchalign3's names
    assert "security" not in document


def test_every_ref_resolves(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    names = set(document["components"]["schemas"])

    found = refs(document)

    assert found
    assert {ref.rsplit("/", 1)[-1] for ref in found} <= names
    assert all(ref == REF.format(model=ref.rsplit("/", 1)[-1]) for ref in found)


def test_schemas_are_the_models(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]

    for model in (JobInfo, HealthResponse):
        generated = model.model_json_schema(ref_template=REF, mode="serialization")
        generated.pop("$defs", None)
        assert schemas[model.__name__] == generated


def test_app_routes_are_the_route_table(tmp_path: Path) -> None:
    app = create_app(api_settings(tmp_path / "l.db", tmp_path))
    served = [(r.path, sorted(r.methods or ())) for r in app.routes if isinstance(r, Route)]
    assert served == [(spec.path, ["GET", "HEAD"]) for spec in ROUTES]


def test_bearer_is_declared_when_a_token_is_set(make_client: MakeClient) -> None:
    client = make_client(token="t")
    document = client.get("/openapi.json", headers={"Authorization": "Bearer t"}).json()

    assert document["security"] == [{"bearer": []}, {"cookie": []}]
    assert document["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert document["components"]["securitySchemes"]["cookie"] == {
        "type": "apiKey",
        "in": "cookie",
        "name": "hotfolder_token",
    }
    assert "401" in document["paths"]["/jobs"]["get"]["responses"]
    dashboard = document["paths"]["/"]["get"]
    assert [p["name"] for p in dashboard["parameters"]] == ["token"]
    assert list(dashboard["responses"]["401"]["content"]) == ["text/html"]
    assert "303" in dashboard["responses"]
    assert document == openapi_document("0.1.0", bearer=True)


def test_bodies_fit_our_own_document(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job(status="completed", started_at=1.0, completed_at=2.0)
    ledger.file(job, "a.cha", "error", error="bad", error_category="parse_error", error_codes=["E301"])
    components = client.get("/openapi.json").json()["components"]["schemas"]

    def check(body: object, name: str) -> None:
        validate(body, {"$ref": REF.format(model=name)}, components)

    check(client.get("/health").json(), "HealthResponse")
    check(client.get(f"/jobs/{job}").json(), "JobInfo")
    check(client.get(f"/jobs/{job}/results").json(), "JobResultResponse")
    check(client.get("/jobs/nope").json(), "ErrorResponse")
    for item in client.get("/jobs").json():
        check(item, "JobListItem")


def test_stream_documents_each_event(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/jobs/{job_id}/stream"]["get"]
    schema = operation["responses"]["200"]["content"]["text/event-stream"]["schema"]

    events = {
        option["properties"]["event"]["const"]: option["properties"]["data"]["contentSchema"]["$ref"]
        for option in schema["oneOf"]
    }

    assert events == {
        "snapshot": REF.format(model="JobInfo"),
        "file_update": REF.format(model="FileUpdateEvent"),
        "job_update": REF.format(model="JobListItem"),
        "complete": REF.format(model="CompleteEvent"),
    }
    assert "404" in operation["responses"]


def test_other_media_types(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]

    assert list(paths["/"]["get"]["responses"]["200"]["content"]) == ["text/html"]
    assert list(paths["/metrics"]["get"]["responses"]["200"]["content"]) == ["text/plain"]
    assert paths["/bug-reports"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == {
        "type": "array",
        "items": {"$ref": REF.format(model="BugReport")},
    }
    assert [p["name"] for p in paths["/media/list"]["get"]["parameters"]] == ["bank", "subdir"]


def test_a_result_is_described_as_json_the_file_or_the_receipt(client: TestClient, spec: dict[str, object]) -> None:
    document = client.get("/openapi.json").json()
    answers = document["paths"]["/jobs/{job_id}/results/{filename}"]["get"]["responses"]

    json_schema = answers["200"]["content"]["application/json"]["schema"]
    assert json_schema == {"oneOf": [{"$ref": REF.format(model="FileResult")}, {"$ref": REF.format(model="Receipt")}]}
    assert set(answers["200"]["content"]) == {"application/json", "text/plain", "text/csv", "application/octet-stream"}
    assert "409" in answers
    receipt = document["components"]["schemas"]["Receipt"]
    assert {"job_id", "inputs", "files", "engines"} <= set(receipt["required"])
    ours = document["components"]["schemas"]["FileResult"]["properties"]
    theirs = spec["components"]["schemas"]["FileResult"]["properties"]  # type: ignore[index]
    assert set(theirs) <= set(ours)  # content included


def test_fleet_and_traces(ledger: Ledger, client: TestClient) -> None:
    job = ledger.job()

    assert (client.get("/fleet").status_code, client.get("/fleet").json()) == (200, [])
    traces = client.get(f"/jobs/{job}/traces")
    assert (traces.status_code, traces.content) == (204, b"")
    assert client.get("/jobs/nope/traces").status_code == 404
