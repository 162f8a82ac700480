"""Parsing `GET /jobs` query parameters; anything malformed is a 400 saying what is allowed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hotfolder.api.errors import BadRequest
from hotfolder.api.schemas import JobStatus

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


@dataclass(frozen=True)
class JobsPage:
    status: JobStatus | None
    limit: int
    offset: int


def _count(query: Mapping[str, str], name: str, default: int, low: int, high: int | None) -> int:
    text = query.get(name)
    if text is None:
        return default
    # isascii: str.isdigit alone admits "²"; int() alone admits " 5" and "1_0".
    value = int(text) if text.isascii() and text.isdigit() else None
    if value is None or value < low or (high is not None and value > high):
        allowed = f"from {low} to {high}" if high is not None else f"of {low} or more"
        raise BadRequest(f"{name} must be an integer {allowed}, not {text!r}")
    return value


def jobs_page(query: Mapping[str, str]) -> JobsPage:
    """`?status=&limit=&offset=` as a JobsPage; raises BadRequest naming the bad parameter."""
    status_text = query.get("status")
    status = None
    if status_text is not None:
        try:
            status = JobStatus(status_text)
        except ValueError:
            allowed = ", ".join(s.value for s in JobStatus)
            raise BadRequest(f"status must be one of {allowed}, not {status_text!r}") from None
    return JobsPage(
        status=status,
        limit=_count(query, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        offset=_count(query, "offset", 0, 0, None),
    )
