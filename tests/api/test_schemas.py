"""Our response models against batchalign3's spec: same fields, same required ones, same enums."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import pytest
from pydantic import BaseModel

from hotfolder.api import schemas
from hotfolder.api.openapi import component_schemas

from .specschema import SpecViolation, validate

MIRRORED: list[type[BaseModel]] = [
    schemas.JobInfo,
    schemas.JobListItem,
    schemas.FileStatusEntry,
    schemas.HealthResponse,
    schemas.FileResult,
    schemas.JobResultResponse,
    schemas.ErrorResponse,
    schemas.ProvenanceEntry,
]
# hotfolder's documented additions (DESIGN.md: /health adds the hot-folder facts).
EXTRAS = {"HealthResponse": {"jobs_by_status", "hotfolders", "languages", "scale_out"}}
ENUMS: list[type[StrEnum]] = [
    schemas.JobStatus,
    schemas.FileStatusKind,
    schemas.FileProgressStage,
    schemas.HostMemoryPressureLevel,
    schemas.WarmupStatus,
    schemas.HealthStatus,
    schemas.ContentType,
    schemas.ReleasedCommand,
    schemas.FailureCategory,
]


def kinds(schema: dict[str, Any], components: dict[str, Any]) -> set[str]:
    """The JSON types a schema admits, refs followed, null left out."""
    if "$ref" in schema:
        return kinds(components[schema["$ref"].rsplit("/", 1)[-1]], components)
    found: set[str] = set()
    for key in ("oneOf", "anyOf"):
        for option in schema.get(key, []):
            found |= kinds(option, components)
    declared = schema.get("type")
    if declared:
        found |= set(declared if isinstance(declared, list) else [declared])
    return found - {"null"}


def always_emitted(model: type[BaseModel], name: str) -> bool:
    """Whether `model_dump(exclude_none=True)` always carries the field."""
    field = model.model_fields[name]
    return field.is_required() or field.get_default(call_default_factory=True) is not None


@pytest.mark.parametrize("model", MIRRORED, ids=lambda m: m.__name__)
def test_fields_are_spec_fields(model: type[BaseModel], spec: dict[str, Any]) -> None:
    spec_schema = spec["components"]["schemas"][model.__name__]
    ours = set(model.model_fields)
    unknown = ours - set(spec_schema["properties"]) - EXTRAS.get(model.__name__, set())
    assert not unknown, f"{model.__name__} fields not in batchalign3's schema: {unknown}"


@pytest.mark.parametrize("model", MIRRORED, ids=lambda m: m.__name__)
def test_spec_required_fields_are_always_sent(model: type[BaseModel], spec: dict[str, Any]) -> None:
    required = spec["components"]["schemas"][model.__name__].get("required", [])
    missing = [name for name in required if name not in model.model_fields]
    assert not missing
    dropped = [name for name in required if not always_emitted(model, name)]
    assert not dropped, f"{model.__name__} could omit required {dropped}"


@pytest.mark.parametrize("model", MIRRORED, ids=lambda m: m.__name__)
def test_our_required_fields_are_spec_properties(model: type[BaseModel], spec: dict[str, Any]) -> None:
    ours = {name for name, field in model.model_fields.items() if field.is_required()}
    assert ours <= set(spec["components"]["schemas"][model.__name__]["properties"])


@pytest.mark.parametrize("model", MIRRORED, ids=lambda m: m.__name__)
def test_field_types_agree(model: type[BaseModel], spec: dict[str, Any]) -> None:
    spec_components = spec["components"]["schemas"]
    our_components = component_schemas([model])
    for name, spec_property in spec_components[model.__name__]["properties"].items():
        if name not in model.model_fields:
            continue
        theirs = kinds(spec_property, spec_components)
        ours = kinds(our_components[model.__name__]["properties"][name], our_components)
        if "number" in theirs:
            theirs.add("integer")
        assert not theirs or ours <= theirs, f"{model.__name__}.{name}: {ours} vs {theirs}"


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_enum_values_match(enum: type[StrEnum], spec: dict[str, Any]) -> None:
    assert [member.value for member in enum] == spec["components"]["schemas"][enum.__name__]["enum"]


def test_validator_refuses_what_the_spec_refuses(spec_schemas: dict[str, Any]) -> None:
    def check(body: object, name: str) -> None:
        validate(body, {"$ref": f"#/components/schemas/{name}"}, spec_schemas)

    check({"filename": "a.cha", "status": "done", "error_codes": ["E362"]}, "FileStatusEntry")
    bad: list[tuple[object, str]] = [
        ({"status": "done"}, "FileStatusEntry"),  # required filename missing
        ({"filename": "a.cha", "status": "finished"}, "FileStatusEntry"),  # not an enum value
        ({"filename": "a.cha", "status": "done", "error_line": "3"}, "FileStatusEntry"),
        ({"filename": "a.cha", "status": "done", "error_category": "oops"}, "FileStatusEntry"),
        ({"detail": 3}, "ErrorResponse"),
        ({"job_id": "j", "status": "queued", "files": [{"content": "x"}]}, "JobResultResponse"),
        ({"command": "align", "fields": {"k": 1}, "timestamp": "t"}, "ProvenanceEntry"),
        ({"active_jobs": True}, "HealthResponse"),
    ]
    for body, name in bad:
        with pytest.raises(SpecViolation):
            check(body, name)
