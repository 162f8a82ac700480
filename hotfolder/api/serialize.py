"""Models as JSON bytes, the way every body of the API is written."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter


@cache
def _adapter(model: type[BaseModel]) -> TypeAdapter[Any]:
    return TypeAdapter(model)


def json_bytes(content: BaseModel | Sequence[BaseModel]) -> bytes:
    """A model (or list of models) as JSON, nulls omitted as batchalign3 does (pydantic-core serializes)."""
    if isinstance(content, BaseModel):
        return _adapter(type(content)).dump_json(content, exclude_none=True)
    items = [_adapter(type(item)).dump_json(item, exclude_none=True) for item in content]
    return b"[" + b",".join(items) + b"]"
