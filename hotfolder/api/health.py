"""Assembling `/health` from the ledger's counts and the daemon's live snapshot."""

from __future__ import annotations

from collections.abc import Mapping

from hotfolder.api.live import LiveFacts
from hotfolder.api.schemas import HealthResponse, HotfolderStatus, JobStatus
from hotfolder.api.workerkeys import profile_keys

# Filled by the API itself; LiveFacts has none of them (tests/api/test_health.py checks).
API_FIELDS = frozenset({"status", "version", "node_id", "capabilities", "active_jobs", "jobs_by_status"})
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


def _folder(folder: HotfolderStatus, queued: Mapping[str, int]) -> HotfolderStatus:
    if folder.queue_length is not None:
        return folder
    return folder.model_copy(update={"queue_length": queued.get(folder.name, 0)})


# Live facts that are not /health fields of their own but shape one (worker_profiles: live_worker_keys).
# job_control_planes: shown on the jobs, not here.
FOLDED_FACTS = frozenset({"worker_profiles", "job_control_planes"})


def health_response(
    *,
    version: str,
    node_id: str,
    capabilities: list[str],
    counts: Mapping[JobStatus, int],
    queued: Mapping[str, int],
    live: LiveFacts,
    busy: Mapping[tuple[str, str], int] | None = None,
) -> HealthResponse:
    """The `/health` body: the live facts with each folder's queue length from the ledger when the daemon did not say."""
    facts = {name: getattr(live, name) for name in LiveFacts.model_fields if name not in FOLDED_FACTS}
    if live.hotfolders is not None:
        facts["hotfolders"] = [_folder(folder, queued) for folder in live.hotfolders]
    if live.live_worker_keys is not None:  # ours, then batchalign3's form for its dashboard
        keys = list(live.live_worker_keys)
        profiles = live.worker_profiles  # exact, from the pool; else a lower bound from the ledger
        facts["live_worker_keys"] = keys + list(profiles if profiles is not None else profile_keys(keys, live.live_workers, busy or {}))
    return HealthResponse(
        version=version,
        node_id=node_id,
        capabilities=capabilities,
        active_jobs=sum(counts.get(status, 0) for status in ACTIVE),
        jobs_by_status=dict(counts),
        **facts,
    )
