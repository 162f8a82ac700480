"""The OpenAPI 3.1 document of what this server serves, generated from the models and the route table."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from hotfolder.api.routes import RouteSpec
from hotfolder.api.schemas import ErrorResponse

REF = "#/components/schemas/{model}"
_PARAM = re.compile(r"\{(\w+)(?::\w+)?\}")
_ERRORS = {
    303: "The token was right: on to `/`, with it set as the `hotfolder_token` cookie",
    400: "Malformed request",
    401: "Missing or wrong bearer token",
    404: "No such job, result or path",
    405: "The API is read-only; the detail names the CLI command to use",
    409: "The file has not ended yet; ask again later",
    500: "Internal error",
    503: "The ledger cannot be read",
}
_DESCRIPTION = (
    "Read-only status API of the hotfolder daemon. Bodies follow the batchalign3 server "
    "schemas; every method but GET and HEAD answers 405 naming the CLI command to use."
)
_BEARER_DESCRIPTION = (
    " With a token configured, every request needs `Authorization: Bearer <token>` or the "
    "`hotfolder_token` cookie, which `GET /?token=<token>` sets for the dashboard."
)
_TOKEN_PARAM = {
    "name": "token",
    "in": "query",
    "schema": {"type": "string"},
    "description": "The API token, once: answered with 303 to `/` setting the cookie.",
}
_COOKIE = "hotfolder_token"


def openapi_path(pattern: str) -> str:
    """A Starlette path pattern in OpenAPI form: `{path:path}` becomes `{path}`."""
    return _PARAM.sub(r"{\1}", pattern)


def component_schemas(models: Iterable[type[BaseModel]]) -> dict[str, Any]:
    """JSON schemas of the models and everything they reference, keyed by name."""
    mode: JsonSchemaMode = "serialization"
    pairs = [(model, mode) for model in dict.fromkeys(models)]
    _, top = models_json_schema(pairs, ref_template=REF)
    defs: dict[str, Any] = top.get("$defs", {})
    return defs


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


def event_schema(events: Iterable[tuple[str, type[BaseModel]]]) -> dict[str, Any]:
    """One server-sent event, as `{event, data}` with `data` JSON of the event's model.

    OpenAPI before 3.2 has no item schema for streams: `schema` describes each event.
    """
    return {
        "oneOf": [
            {
                "type": "object",
                "required": ["event", "data"],
                "properties": {
                    "event": {"const": name},
                    "data": {
                        "type": "string",
                        "contentMediaType": "application/json",
                        "contentSchema": _ref(model),
                    },
                },
            }
            for name, model in events
        ]
    }


def _success(route: RouteSpec) -> dict[str, Any]:
    schema: dict[str, Any]
    if route.status == 204:
        return {"description": route.summary}
    if route.events:
        schema = event_schema(route.events)
    elif route.empty_list:
        schema = {"type": "array", "maxItems": 0}
    elif route.body is None:
        is_json = route.media_types == ("application/json",)
        schema = {"type": "object"} if is_json else {"type": "string"}
    elif route.many:
        schema = {"type": "array", "items": _ref(route.body)}
    else:
        schema = _ref(route.body)
    if route.raw_json is not None:  # the body, or (raw) a JSON file of its own shape
        schema = {"oneOf": [schema, _ref(route.raw_json)]}
    content = {media: {"schema": schema} for media in route.media_types}
    content.update({media: {"schema": {"type": "string"}} for media in route.raw_media_types})
    return {"description": route.summary, "content": content}


def _error(code: int) -> dict[str, Any]:
    content = {"application/json": {"schema": _ref(ErrorResponse)}}
    return {"description": _ERRORS[code], "content": content}


def _login_responses() -> dict[str, Any]:
    """The dashboard's answers when a token is configured: a redirect, or the token form."""
    redirect = {"description": _ERRORS[303], "headers": {"Set-Cookie": {"schema": {"type": "string"}}}}
    html = {"text/html": {"schema": {"type": "string"}}}
    form = {"description": "The token form (no or a wrong token)", "content": html}
    return {"303": redirect, "401": form}


def _operation(route: RouteSpec, bearer: bool) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in _PARAM.findall(route.path)
    ]
    parameters += [
        {"name": q.name, "in": "query", "schema": q.schema, "description": q.description} for q in route.query
    ]
    codes = sorted({*route.errors, 405, 500, *((401,) if bearer else ())})
    responses = {str(route.status): _success(route), **{str(code): _error(code) for code in codes}}
    if bearer and route.login:
        parameters.append(_TOKEN_PARAM)
        responses.update(_login_responses())
    operation: dict[str, Any] = {
        "operationId": route.endpoint,
        "summary": route.summary,
        "tags": [route.tag],
        "responses": dict(sorted(responses.items())),
    }
    if route.description:
        operation["description"] = route.description
    if parameters:
        operation["parameters"] = parameters
    return operation


def build_openapi(
    routes: Iterable[RouteSpec],
    *,
    version: str,
    bearer: bool,
    extra_models: Iterable[type[BaseModel]] = (),
    extensions: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole document; `bearer` marks every operation as needing the token.

    `extra_models` join the components (the WebSocket's messages); `extensions` are
    top-level `x-` keys (OpenAPI 3.1 has no WebSocket operations).
    """
    routes = list(routes)
    models: list[type[BaseModel]] = [ErrorResponse, *(r.body for r in routes if r.body is not None)]
    models += [model for route in routes for _, model in route.events]
    models += [route.raw_json for route in routes if route.raw_json is not None]
    models += list(extra_models)
    description = _DESCRIPTION + (_BEARER_DESCRIPTION if bearer else "")
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "hotfolder", "version": version, "description": description},
        "paths": {openapi_path(r.path): {"get": _operation(r, bearer)} for r in routes},
        "components": {"schemas": component_schemas(models)},
        "tags": [{"name": tag} for tag in dict.fromkeys(r.tag for r in routes)],
        **(extensions or {}),
    }
    if bearer:
        document["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": _COOKIE},
        }
        document["security"] = [{"bearer": []}, {"cookie": []}]
    return document
