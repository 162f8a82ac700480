"""A small JSON Schema validator for the subset the batchalign3 OpenAPI spec uses.

(`jsonschema` is not among the project's test dependencies.) Supports $ref into
`components/schemas`, oneOf, anyOf, type (string or list), enum, properties,
required, items and additionalProperties; formats and numeric bounds are ignored.
"""

from __future__ import annotations

from typing import Any

_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}


class SpecViolation(AssertionError):
    pass


def _is_type(value: object, name: str) -> bool:
    if isinstance(value, bool) and name in ("integer", "number"):
        return False
    return isinstance(value, _TYPES[name])


def _matches(value: object, schema: dict[str, Any], components: dict[str, Any]) -> bool:
    try:
        validate(value, schema, components)
    except SpecViolation:
        return False
    return True


def validate(value: object, schema: dict[str, Any], components: dict[str, Any], at: str = "$") -> None:
    """Raise SpecViolation naming the first place `value` breaks `schema`."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        validate(value, components[name], components, at)
    if "oneOf" in schema:
        hits = sum(_matches(value, option, components) for option in schema["oneOf"])
        if hits != 1:
            raise SpecViolation(f"{at}: {value!r} matches {hits} of oneOf, not exactly 1")
    if "anyOf" in schema and not any(_matches(value, o, components) for o in schema["anyOf"]):
        raise SpecViolation(f"{at}: {value!r} matches none of anyOf")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, name) for name in names):
            raise SpecViolation(f"{at}: {value!r} is not of type {names}")
    if "enum" in schema and value not in schema["enum"]:
        raise SpecViolation(f"{at}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                raise SpecViolation(f"{at}: required property {key!r} is missing")
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                validate(item, properties[key], components, f"{at}.{key}")
            elif extra is False:
                raise SpecViolation(f"{at}: unexpected property {key!r}")
            elif isinstance(extra, dict):
                validate(item, extra, components, f"{at}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            validate(item, schema["items"], components, f"{at}[{index}]")
