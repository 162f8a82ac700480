"""Parsing query parameters; anything malformed is a 400 saying what is allowed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hotfolder.api.errors import BadRequest
from hotfolder.api.schemas import JobStatus

MAX_LIMIT = 1000
BUG_REPORTS_LIMIT = 50
# SQLite integers stop at 2**63 - 1; no ledger comes near this many jobs.
MAX_OFFSET = 1_000_000_000


@dataclass(frozen=True)
class JobsPage:
    status: JobStatus | None
    limit: int | None  # None: every job
    offset: int


def count_param(query: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """The integer query parameter `name` (`default` when absent); raises BadRequest out of range."""
    text = query.get(name)
    if text is None:
        return default
    # isascii: str.isdigit alone admits "²"; int() alone admits " 5" and "1_0" (and refuses
    # thousands of digits with a ValueError of its own).
    plain = text.isascii() and text.isdigit() and len(text) <= 18
    value = int(text) if plain else None
    if value is None or not low <= value <= high:
        raise BadRequest(f"{name} must be an integer from {low} to {high}, not {text!r}")
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
        limit=None if query.get("limit") is None else count_param(query, "limit", 1, 1, MAX_LIMIT),
        offset=count_param(query, "offset", 0, 0, MAX_OFFSET),
    )
