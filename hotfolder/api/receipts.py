"""The shape of a job's receipt (`outbox/<bundle>.receipt.json`), for the served OpenAPI document.

hotfolder.outbox.receipt writes it as a plain dict; this model only describes it (the
API serves the file as written), so unknown fields are allowed: a newer daemon may add some.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Described(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True, use_attribute_docstrings=True)


class ReceiptInput(_Described):
    path: str
    """Display path of the input, as dropped."""
    size: int
    sha256: str | None = None


class ReceiptFile(_Described):
    filename: str
    status: str
    outputs: list[str] | None = None
    """Display paths of what it wrote under the outbox."""
    attempts: int
    error: str | None = None
    error_category: str | None = None


class Receipt(_Described):
    """What went in, what came out, with which engines: written last, once the job has ended."""

    job_id: str
    hotfolder_version: str
    folder: str
    """The hot folder's name."""
    bundle: str
    command: str
    lang: str
    options: dict[str, Any]
    status: str
    submitted_at: str
    """ISO 8601, UTC."""
    started_at: str | None = None
    completed_at: str | None = None
    duration_s: float | None = None
    engines: dict[str, str]
    """Engine names and versions."""
    inputs: list[ReceiptInput]
    files: list[ReceiptFile]
