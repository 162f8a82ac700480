"""The configuration as frozen pydantic models, validated once at the edge.

Paths become absolute while validating, against the folder named by
`context={"base_dir": ...}` (load.py passes the config file's folder; without a
context the working directory is used), so the validated `Settings` holds only
absolute paths, every hot folder's `lang` and `failed` filled in. Rules that
span several folders raise `SettingsRuleError` with the location of the
offending key; load.py turns it and pydantic's errors into `ConfigError`.
"""

from __future__ import annotations

import re
import socket
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_validator,
)

from hotfolder.commands.table import NAMES, CommandName
from hotfolder.config.exposure import public_bind_refusal
from hotfolder.config.paths import FolderPath, FolderRole, absolute, find_overlap
from hotfolder.config.temporal import ExecutorName, TemporalSettings
from hotfolder.errors import HotfolderError

COMMANDS: tuple[str, ...] = NAMES
WatchMode = Literal["auto", "native", "polling"]

BASE_DIR = "base_dir"  # the validation context key relative paths resolve against
_NAME = re.compile(r"[a-z0-9_-]+")
_LANG = re.compile(r"[a-z]{3}|auto")

Loc = tuple[str | int, ...]


class SettingsRuleError(HotfolderError):
    """A rule across several keys is broken; `loc` is pydantic-style, e.g. ("hotfolders", 1, "inbox").

    Not a ValueError on purpose: pydantic would swallow it and lose `loc`.
    """

    def __init__(self, loc: Loc, reason: str) -> None:
        self.loc = loc
        self.reason = reason
        super().__init__(reason)


def _not_blank(value: Any) -> Any:
    # Path("") is ".", which would silently mean "the config folder".
    if isinstance(value, str) and not value.strip():
        raise ValueError("must not be empty")
    return value


def _check_lang(value: str) -> str:
    if not _LANG.fullmatch(value):
        raise ValueError(f"must be a three-letter ISO 639-3 code such as 'eng' or 'fra', or 'auto' (got {value!r})")
    return value


ConfigPath = Annotated[Path, BeforeValidator(_not_blank)]
Lang = Annotated[str, AfterValidator(_check_lang)]
_MODEL = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class HotFolder(BaseModel):
    """One watched inbox: what runs on its drops and where results and failures go."""

    model_config = _MODEL

    name: str
    command: CommandName
    lang: Lang | None = None  # as written; None: the config's default_lang (see ResolvedFolder)
    options: dict[str, Any] = Field(default_factory=dict)  # checked per command by the daemon
    inbox: ConfigPath
    outbox: ConfigPath
    failed: ConfigPath | None = None  # as written; None: outbox's sibling failed/ (see ResolvedFolder)
    archive: ConfigPath | None = None
    media_mapping: str | None = None
    settle_s: float = Field(default=5.0, ge=0)
    watch: WatchMode = "auto"
    poll_interval_s: float = Field(default=2.0, gt=0)
    rescan_s: float = Field(default=300.0, gt=0)
    require_ready_marker: bool = False
    ignore: list[str] = Field(default_factory=list)
    # A bundle waiting longer than this (incomplete, settling, held) is listed with why in /health.
    incomplete_after_s: float = Field(default=3600.0, gt=0)

    @field_validator("name")
    @classmethod
    def _check_name(cls, value: str) -> str:
        if not _NAME.fullmatch(value):
            raise ValueError(f"must use only lowercase letters, digits, '_' and '-' (got {value!r})")
        return value

    def folders(self) -> dict[FolderRole, Path]:
        """The folders this hot folder uses by role; archive only when set."""
        roles = {
            FolderRole.INBOX: self.inbox,
            FolderRole.OUTBOX: self.outbox,
            FolderRole.FAILED: self.failed,
            FolderRole.ARCHIVE: self.archive,
        }
        return {role: path for role, path in roles.items() if path is not None}

    def resolved(self, base_dir: Path, mapping_root: Path | None, default_lang: str) -> ResolvedFolder:
        """This folder with absolute paths, `lang` and `failed` filled in."""
        base = mapping_root if mapping_root is not None else base_dir
        outbox = absolute(self.outbox, base)
        failed = absolute(self.failed, base) if self.failed is not None else outbox.parent / "failed"
        fields = {name: getattr(self, name) for name in HotFolder.model_fields}
        fields.update(
            inbox=absolute(self.inbox, base),
            outbox=outbox,
            failed=failed,
            archive=absolute(self.archive, base) if self.archive is not None else None,
            lang=self.lang or default_lang,
        )
        return ResolvedFolder(**fields)


class ResolvedFolder(HotFolder):
    """A hot folder as Settings holds it: absolute paths, `lang` and `failed` always set."""

    lang: Lang
    failed: ConfigPath


_AS_WRITTEN = TypeAdapter(list[HotFolder])


class PoolSettings(BaseModel):
    """The worker pool; None means "decide from this host" (see memory.resolve_pool)."""

    model_config = _MODEL

    max_workers: Annotated[int, Field(ge=1)] | None = None
    memory_reserve_mb: Annotated[int, Field(ge=0)] | None = None
    file_timeout_s: float = Field(default=1800.0, gt=0)
    max_attempts: int = Field(default=3, ge=1)
    worker_idle_s: float = Field(default=300.0, gt=0)
    warmup: bool = True  # start one worker per hot folder at start, so the first drop does not wait for a model
    heartbeat_s: float = Field(default=5.0, gt=0)  # how often a worker says it is alive
    heartbeat_timeout_s: float = Field(default=30.0, gt=0)  # silence this long: hung, killed, file retried
    worker_max_units: int = Field(default=200, ge=0)  # a worker is replaced after this many units; 0: never
    executor: ExecutorName = "local"  # temporal: units run on worker machines (README "Scaling out")
    temporal: TemporalSettings | None = None

    @model_validator(mode="after")
    def _temporal_has_its_settings(self) -> PoolSettings:
        if self.executor == "temporal" and self.temporal is None:
            raise ValueError("pool.executor is temporal: pool.temporal needs at least shared_staging (and address, task_queue_prefix)")
        return self

    @field_validator("heartbeat_timeout_s")
    @classmethod
    def _check_heartbeat_timeout(cls, value: float, info: ValidationInfo) -> float:
        beat = info.data.get("heartbeat_s")
        if beat is not None and value < 2 * beat:
            raise ValueError(f"must be at least twice heartbeat_s ({beat:g}), or a busy worker would be taken for hung (got {value:g})")
        return value


class ApiConfig(BaseModel):
    """The read-only HTTP API."""

    model_config = _MODEL

    token: str | None = None  # when set, every request needs `Authorization: Bearer <token>`
    # Clients served at once; None: a quarter of the open-file limit, at most 1000 (see api/limits.py).
    max_connections: Annotated[int, Field(ge=1)] | None = None
    max_streams: Annotated[int, Field(ge=1)] | None = None  # event streams open at once; None: half the connections
    request_timeout_s: float = Field(default=10.0, gt=0)  # a client must send its request within this
    keep_alive_s: int = Field(default=5, ge=1)  # an idle keep-alive connection is closed after this
    # Without a token, the Host names answered besides localhost, IP addresses and this host's
    # name (the DNS-rebinding guard); "*.example.org" allows its subdomains.
    allowed_hosts: list[str] = Field(default_factory=list)
    allow_public_without_token: bool = False  # bind beyond loopback with no token (warned at start)
    # Web pages elsewhere allowed to read the API with GET (CORS), e.g. "http://localhost:5173"; none by default.
    cors_origins: list[str] = Field(default_factory=list)

    @field_validator("token")
    @classmethod
    def _check_token(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("must not be empty; leave the key out to serve without a token")
        return value


class Settings(BaseModel):
    """The whole configuration; field order matters: hot folders resolve against the fields above them."""

    model_config = _MODEL

    state_dir: ConfigPath = Field(default=Path("state"), validate_default=True)
    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8765, ge=1, le=65535)
    node_id: str = Field(default_factory=socket.gethostname, min_length=1)
    default_lang: Lang = "eng"
    media_roots: list[ConfigPath] = Field(default_factory=list)
    media_mappings: dict[str, ConfigPath] = Field(default_factory=dict)
    hotfolders: list[ResolvedFolder]
    pool: PoolSettings = Field(default_factory=PoolSettings)
    api: ApiConfig = Field(default_factory=ApiConfig)

    @field_validator("state_dir")
    @classmethod
    def _resolve_state_dir(cls, value: Path, info: ValidationInfo) -> Path:
        return absolute(value, _base_dir(info))

    @field_validator("media_roots")
    @classmethod
    def _resolve_media_roots(cls, value: list[Path], info: ValidationInfo) -> list[Path]:
        return [absolute(root, _base_dir(info)) for root in value]

    @field_validator("media_mappings")
    @classmethod
    def _resolve_media_mappings(cls, value: dict[str, Path], info: ValidationInfo) -> dict[str, Path]:
        for name in value:
            if not name.strip():
                raise ValueError("a media mapping needs a non-empty name")
        return {name: absolute(root, _base_dir(info)) for name, root in value.items()}

    @model_validator(mode="after")
    def _check_public_bind(self) -> Settings:
        reason = public_bind_refusal(self.host, self.api.token, self.api.allow_public_without_token)
        if reason is not None:
            raise SettingsRuleError(("host",), reason)
        return self

    @field_validator("hotfolders", mode="wrap")
    @classmethod
    def _resolve_hotfolders(cls, value: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> list[ResolvedFolder]:
        # Validated as written (lang and failed optional), then resolved; errors keep their ("hotfolders", i, key) location.
        written = _AS_WRITTEN.validate_python(value, context=info.context)
        base_dir = _base_dir(info)
        mappings = info.data.get("media_mappings")
        default_lang = info.data.get("default_lang")
        if mappings is None or default_lang is None:
            # A field above is invalid and pydantic reports that one; the cross-folder rules wait for a valid config.
            return [folder.resolved(base_dir, None, "eng") for folder in written]
        folders = [
            folder.resolved(base_dir, _mapping_root(index, folder, mappings), default_lang)
            for index, folder in enumerate(written)
        ]
        _check_unique_names(folders)
        _check_overlaps(folders)
        return folders

    def hotfolder(self, name: str) -> ResolvedFolder:
        """The hot folder called `name`; KeyError when there is none."""
        for folder in self.hotfolders:
            if folder.name == name:
                return folder
        raise KeyError(name)


def _base_dir(info: ValidationInfo) -> Path:
    context = info.context if isinstance(info.context, dict) else {}
    base = context.get(BASE_DIR)
    return Path(base) if base is not None else Path.cwd()


def _mapping_root(index: int, folder: HotFolder, mappings: dict[str, Path]) -> Path | None:
    if folder.media_mapping is None:
        return None
    if folder.media_mapping not in mappings:
        known = ", ".join(sorted(mappings)) if mappings else "none: media_mappings is empty"
        raise SettingsRuleError(
            ("hotfolders", index, "media_mapping"),
            f"unknown media mapping {folder.media_mapping!r}; defined in media_mappings: {known}",
        )
    return mappings[folder.media_mapping]


def _check_unique_names(folders: list[ResolvedFolder]) -> None:
    first: dict[str, int] = {}
    for index, folder in enumerate(folders):
        if folder.name in first:
            raise SettingsRuleError(
                ("hotfolders", index, "name"),
                f"name {folder.name!r} is already used by hotfolders[{first[folder.name]}]; names must be unique",
            )
        first[folder.name] = index


def _check_overlaps(folders: list[ResolvedFolder]) -> None:
    entries = [
        FolderPath(index, folder.name, role, path)
        for index, folder in enumerate(folders)
        for role, path in folder.folders().items()
    ]
    overlap = find_overlap(entries)
    if overlap is not None:
        raise SettingsRuleError(("hotfolders", overlap.later.index, str(overlap.later.role)), overlap.reason)
