"""Errors the API answers with, and the handlers that turn them into `{"detail": ...}` bodies."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ExceptionHandler

from hotfolder.api.db import LedgerUnavailable
from hotfolder.api.paths import UnsafeResultPath
from hotfolder.api.schemas import ErrorResponse
from hotfolder.errors import HotfolderError


class ApiError(HotfolderError):
    """A request the API refuses; the message is the response's detail."""


class BadRequest(ApiError):
    """A malformed query parameter (400)."""


class NotFound(ApiError):
    """No such job or result (404)."""


class Conflict(ApiError):
    """A result asked for before its file has ended (409)."""


def error_response(status_code: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An ErrorResponse body with this status."""
    body = ErrorResponse(detail=detail).model_dump(mode="json")
    return JSONResponse(body, status_code=status_code, headers=headers)


def _answer(status_code: int) -> ExceptionHandler:
    async def handler(request: Request, exc: Exception) -> Response:
        return error_response(status_code, str(exc))

    return handler


async def _http_exception(request: Request, exc: Exception) -> Response:
    status_code = exc.status_code if isinstance(exc, HTTPException) else 500
    if status_code == 404:
        return error_response(404, f"no such path: {request.url.path}")
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    return error_response(status_code, detail)


EXCEPTION_HANDLERS: Mapping[type[Exception], ExceptionHandler] = {
    BadRequest: _answer(400),
    NotFound: _answer(404),
    Conflict: _answer(409),
    UnsafeResultPath: _answer(400),
    LedgerUnavailable: _answer(503),
    HTTPException: _http_exception,
}
