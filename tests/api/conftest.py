"""A real SQLite ledger in tmp_path, rows inserted directly, and clients over the API."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from hotfolder.api.app import ApiSettings, create_app
from hotfolder.api.live import LiveFacts
from hotfolder.ledger.schema import MIGRATIONS

from .specschema import validate

SPEC_PATH = Path(__file__).resolve().parents[3] / "shared" / "reference" / "batchalign3-openapi.json"
# Known spec/code disagreement (reference/batchalign3-server-notes.md): the batchalign3
# server sends `lang` as a plain string ("eng", "auto"), not the spec's tagged LanguageSpec.
LANG_AS_SENT = {"type": "string"}


class Ledger:
    """The ledger's tables in a temp database, written the way the daemon would."""

    def __init__(self, path: Path, outbox: Path) -> None:
        self.path = path
        self.outbox = outbox
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.executescript(MIGRATIONS[0])
        self._clock = 1_767_225_600.0  # 2026-01-01T00:00:00Z

    def job(self, **columns: Any) -> str:
        """Insert a job (defaults: a queued morphotag job, one second after the last); its id."""
        self._clock += 1
        row: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "folder": "lab",
            "bundle": "sample",
            "bundle_kind": "file",
            "command": "morphotag",
            "lang": "eng",
            "options": "{}",
            "status": "queued",
            "submitted_at": self._clock,
            "outbox_dir": str(self.outbox),
            "failed_dir": str(self.outbox.parent / "failed"),
            "staging_dir": str(self.path.parent / "staging"),
            "node_id": "node-a",
            "updated_at": self._clock,
        }
        row.update(columns)
        self._insert("jobs", row)
        return str(row["id"])

    def file(self, job_id: str, filename: str, status: str = "queued", **columns: Any) -> None:
        """Insert a files row; `outputs`/`error_codes` may be given as lists."""
        for key in ("outputs", "error_codes"):
            if isinstance(columns.get(key), list):
                columns[key] = json.dumps(columns[key])
        self._insert("files", {"job_id": job_id, "filename": filename, "status": status, **columns})

    def input(self, job_id: str, path: str, display_path: str) -> None:
        row = {"job_id": job_id, "folder": "lab", "path": path, "display_path": display_path}
        self._insert("inputs", {**row, "size": 1, "mtime_ns": 1, "inode": 1})

    def event(self, job_id: str, kind: str = "job_update", file_id: int | None = None) -> None:
        """An events row, as the daemon's writer commits with every job or file change."""
        self._insert("events", {"ts": self._clock, "job_id": job_id, "file_id": file_id, "kind": kind, "data": "{}"})

    def _insert(self, table: str, row: dict[str, Any]) -> None:
        names = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        self.conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))


@pytest.fixture
def ledger(tmp_path: Path) -> Iterator[Ledger]:
    outbox = tmp_path / "lab" / "outbox"
    outbox.mkdir(parents=True)
    state = tmp_path / "state"
    state.mkdir()
    db = Ledger(state / "ledger.db", outbox)
    yield db
    db.conn.close()


def api_settings(db_path: Path, state_dir: Path, **overrides: Any) -> ApiSettings:
    """Settings for a test app: no token, node-a, version 0.1.0, morphotag only, unless overridden."""
    values: dict[str, Any] = {
        "token": None,
        "node_id": "node-a",
        "version": "0.1.0",
        "capabilities": lambda: ["morphotag"],
        "allowed_hosts": ("testserver",),  # the Host header Starlette's TestClient sends
    }
    return ApiSettings(db_path=db_path, state_dir=state_dir, **{**values, **overrides})


MakeClient = Callable[..., TestClient]


@pytest.fixture
def make_client(ledger: Ledger, tmp_path: Path) -> Iterator[MakeClient]:
    """`make_client(token=..., live=..., capabilities=...)`: a TestClient over the ledger."""
    clients: list[TestClient] = []

    def make(
        token: str | None = None,
        live: Callable[[], LiveFacts] | None = None,
        capabilities: Callable[[], list[str]] = lambda: ["morphotag", "utseg"],
        db_path: Path | None = None,
    ) -> TestClient:
        settings = api_settings(
            db_path or ledger.path,
            tmp_path / "state",
            token=token,
            capabilities=capabilities,
            **({"live": live} if live else {}),
        )
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: MakeClient) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def spec_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = dict(spec["components"]["schemas"])
    schemas["LanguageSpec"] = LANG_AS_SENT
    return schemas


ConformsTo = Callable[[object, str], None]


@pytest.fixture
def conforms(spec_schemas: dict[str, Any]) -> ConformsTo:
    """`conforms(body, "JobInfo")` raises SpecViolation unless body fits batchalign3's schema."""

    def check(body: object, schema_name: str) -> None:
        validate(body, {"$ref": f"#/components/schemas/{schema_name}"}, spec_schemas)

    return check
