"""`control_plane` on the job list: the daemon's live mapping laid over the ledger's bodies, for running jobs only.

Under Temporal only the few jobs with a unit in flight have one, so only their bodies are rebuilt;
with the local executor there is no mapping and the bodies go out as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from hotfolder.api.scaleout import JobControlPlaneInfo
from hotfolder.api.schemas import JobListItem, JobStatus
from hotfolder.api.serialize import json_bytes


def swapped_bodies(listed: Mapping[str, tuple[str, bytes]], planes: Mapping[str, JobControlPlaneInfo]) -> dict[bytes, bytes]:
    """Old body -> body with `control_plane`, for each running job (`listed`: id -> status, body) that has a plane."""
    swaps: dict[bytes, bytes] = {}
    for job_id, plane in planes.items():
        found = listed.get(job_id)
        if found is None or found[0] != JobStatus.RUNNING:
            continue
        item = JobListItem.model_validate_json(found[1])
        swaps[found[1]] = json_bytes(item.model_copy(update={"control_plane": plane}))
    return swaps


def with_planes(items: list[JobListItem], planes: Mapping[str, JobControlPlaneInfo] | None) -> list[JobListItem] | None:
    """A page of jobs with their control planes, or None when none of them has one (send the cached body)."""
    if not planes or not any(i.job_id in planes and i.status is JobStatus.RUNNING for i in items):
        return None
    return [i.model_copy(update={"control_plane": planes[i.job_id]}) if i.job_id in planes and i.status is JobStatus.RUNNING else i
            for i in items]
