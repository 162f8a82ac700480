"""Assembling `/health` from the ledger's counts and the daemon's live snapshot."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hotfolder.api.schemas import HealthResponse, HotfolderStatus, JobStatus
from hotfolder.errors import HotfolderError

# Filled by the API itself; the daemon's snapshot may not override them.
API_FIELDS = frozenset({"status", "version", "node_id", "capabilities", "active_jobs", "jobs_by_status"})
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


class LiveFactsError(HotfolderError):
    """The daemon's live snapshot has keys `/health` does not know or may not take from it."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        super().__init__(f"live health facts with unknown or reserved keys: {', '.join(keys)}")


def _folder(entry: HotfolderStatus | Mapping[str, Any], queued: Mapping[str, int]) -> HotfolderStatus:
    folder = HotfolderStatus.model_validate(entry)
    if folder.queue_length is not None:
        return folder
    return folder.model_copy(update={"queue_length": queued.get(folder.name, 0)})


def health_response(
    *,
    version: str,
    node_id: str,
    capabilities: list[str],
    counts: Mapping[JobStatus, int],
    queued: Mapping[str, int],
    live: Mapping[str, Any],
) -> HealthResponse:
    """The `/health` body; raises LiveFactsError when `live` has keys it may not set."""
    bad = sorted(k for k in live if k in API_FIELDS or k not in HealthResponse.model_fields)
    if bad:
        raise LiveFactsError(bad)
    facts = dict(live)
    if "hotfolders" in facts:
        facts["hotfolders"] = [_folder(entry, queued) for entry in facts["hotfolders"]]
    return HealthResponse(
        version=version,
        node_id=node_id,
        capabilities=capabilities,
        active_jobs=sum(counts.get(status, 0) for status in ACTIVE),
        jobs_by_status=dict(counts),
        **facts,
    )
