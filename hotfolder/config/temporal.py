"""Settings for running work units on Temporal: the lab server's `pool.temporal`, and a worker machine's file.

`shared_staging` is a folder both sides mount (NFS, CephFS, ...): the lab server puts each
unit's inputs there and reads its outputs back; only small JSON crosses Temporal (its
payloads are capped at 2 MB). Each side names its own mount point, so the paths may differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from hotfolder.config.paths import absolute

ExecutorName = Literal["local", "temporal"]
_MODEL = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _not_blank(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value


class TemporalSettings(BaseModel):
    """Where the Temporal frontend is and how this lab server's work is named there."""

    model_config = _MODEL

    address: Annotated[str, BeforeValidator(_not_blank)] = "127.0.0.1:7233"
    namespace: Annotated[str, BeforeValidator(_not_blank)] = "default"
    task_queue_prefix: str = Field(default="hotfolder", pattern=r"^[A-Za-z0-9_.-]+$")
    shared_staging: Annotated[Path, BeforeValidator(_not_blank)]
    # Unbounded workflow starts overloaded a SQLite dev server: starts are paced and capped.
    starts_per_s: float = Field(default=50.0, gt=0)
    max_in_flight: int = Field(default=256, ge=1)
    heartbeat_timeout_s: float = Field(default=10.0, gt=0)  # a worker machine silent this long is lost; its unit runs elsewhere
    max_host_losses: int = Field(default=3, ge=1)  # a unit whose worker machine vanished this often fails as a worker crash

    @field_validator("shared_staging")
    @classmethod
    def _absolute(cls, value: Path, info: ValidationInfo) -> Path:
        base = (info.context or {}).get("base_dir")  # the config file's folder, as for every other path
        return absolute(value, Path(base) if base is not None else Path.cwd())


class ServeEntry(BaseModel):
    """One (command, language) a worker machine takes work for."""

    model_config = _MODEL

    command: str = Field(pattern=r"^[a-z0-9_]+$")
    lang: str = Field(default="eng", pattern=r"^[a-z]{3}$")


class WorkerSettings(BaseModel):
    """`hotfolder worker --config FILE`: one worker machine."""

    model_config = _MODEL

    temporal: TemporalSettings
    serve: list[ServeEntry] = Field(min_length=1)
    max_workers: int = Field(default=2, ge=1)  # engine processes on this machine at once
    # Units taken beyond max_workers: each waits in this machine's pool and starts the moment an engine
    # frees, hiding Temporal's round trip (~0.2 s a unit on a SQLite dev server) behind the work.
    prefetch_units: int = Field(default=1, ge=0)
    memory_reserve_mb: int = Field(default=2000, ge=0)  # the memory gate keeps this much free on this machine
    memory_total_mb: int | None = Field(default=None, ge=1)  # which memory classes it takes; None: this machine's RAM
    heartbeat_s: float = Field(default=1.0, gt=0)
    file_timeout_s: float = Field(default=1800.0, gt=0)
    worker_idle_s: float = Field(default=300.0, gt=0)
    defer_handoff_s: float = Field(default=30.0, gt=0)  # a unit the gate holds back this long goes back to Temporal for another machine
    identity: str | None = None  # how /health names this machine; None: host name and pid
    engines: dict[str, str] | None = None  # command -> "module:attribute"; None: the built-in engines
