"""Bug reports: what is in one, and what never is."""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from hotfolder.daemon.bugreports import engine_versions, write_bug_report


def test_report_has_traceback_versions_and_fingerprint_but_no_contents(tmp_path: Path) -> None:
    report_id = write_bug_report(
        tmp_path, at="2026-11-27T00:00:00Z", job_id="j", command="morphotag", filename="a.cha",
        traceback="Traceback ...\nRuntimeError: boom", engines={}, fingerprint={"path": "a.cha", "size": 10, "sha256": "ab"},
    )
    report = json.loads((tmp_path / "bug-reports" / f"{report_id}.json").read_text())
    assert report["id"] == report_id and report["command"] == "morphotag"
    assert report["engines"]["spacy"] == metadata.version("spacy")
    assert report["input"] == {"path": "a.cha", "size": 10, "sha256": "ab"}
    assert "RuntimeError: boom" in report["traceback"]
    assert set(report) == {"id", "created_at", "job_id", "command", "filename", "traceback", "engines", "input", "hotfolder_version", "python", "platform"}


def test_unknown_packages_are_named_not_fatal() -> None:
    assert engine_versions("avqi")["praat-parselmouth"] == metadata.version("praat-parselmouth")
    assert engine_versions("nothing") == {}
