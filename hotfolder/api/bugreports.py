"""Reading the daemon's bug reports (`<state_dir>/bug-reports/<id>.json`) for `/bug-reports`."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from hotfolder.api.errors import BadRequest
from hotfolder.api.safe_open import open_regular
from hotfolder.api.schemas import BugReport

logger = logging.getLogger("hotfolder.api")

# The daemon names reports with 16 hex digits; any plain name is accepted, never a path
# (no dot, no slash), and temp files of atomic writes (".hf-tmp-...") never match.
REPORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
SUFFIX = ".json"
MAX_REPORT_BYTES = 4 * 1024 * 1024  # a traceback and a fingerprint; a planted giant is not read whole


class UnreadableReport(Exception):
    """A report file that is not a JSON object with a bug report's fields."""


def bug_report_folder(state_dir: Path) -> Path:
    return state_dir / "bug-reports"


def checked_id(report_id: str) -> str:
    """`report_id` if it can only name a file directly in the reports folder; else BadRequest."""
    if REPORT_ID.fullmatch(report_id) is None:
        raise BadRequest(f"bug report id {report_id!r} must be letters, digits, '-' or '_' (at most 64)")
    return report_id


def report_files(folder: Path) -> list[str]:
    """The folder's report files, newest first (name breaks ties); none if the folder is missing."""
    found: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                stem = entry.name.removesuffix(SUFFIX)
                if (
                    entry.name.endswith(SUFFIX)
                    and REPORT_ID.fullmatch(stem)
                    and entry.is_file(follow_symlinks=False)
                ):
                    found.append((entry.stat(follow_symlinks=False).st_mtime, entry.name))
    except FileNotFoundError:
        return []
    except OSError as error:  # unreadable folder: the list is empty, the log says why
        logger.warning("cannot list bug reports in %s: %s", folder, error)
        return []
    found.sort(reverse=True)
    return [name for _, name in found]


def read_regular(folder: Path, name: str) -> bytes | None:
    """The bytes of the regular file `name` right in `folder`, opened once without following a link; else None."""
    fd = open_regular(folder, PurePosixPath(name))
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read(MAX_REPORT_BYTES + 1)


def parse_report(folder: Path, name: str) -> BugReport:
    """The report in `folder/name`, its id taken from the file name; raises UnreadableReport."""
    try:
        data = read_regular(folder, name)
        if data is None:
            raise UnreadableReport(f"{name}: not a regular file (or gone)")
        if len(data) > MAX_REPORT_BYTES:
            raise UnreadableReport(f"{name}: larger than {MAX_REPORT_BYTES} bytes")
        document = json.loads(data)
    except (OSError, ValueError) as error:
        raise UnreadableReport(f"{name}: {error}") from error
    if not isinstance(document, dict):
        raise UnreadableReport(f"{name}: not a JSON object")
    try:
        return BugReport.model_validate({**document, "id": name.removesuffix(SUFFIX)})
    except ValidationError as error:
        raise UnreadableReport(f"{name}: {error.error_count()} bad field(s)") from error


def list_reports(folder: Path, limit: int) -> list[BugReport]:
    """Up to `limit` readable reports, newest first; unreadable ones are logged and left out."""
    reports: list[BugReport] = []
    for name in report_files(folder):
        if len(reports) >= limit:
            break
        try:
            reports.append(parse_report(folder, name))
        except UnreadableReport as error:
            logger.warning("skipping bug report %s", error)
    return reports


def read_report(folder: Path, report_id: str) -> BugReport | None:
    """The report with this id, or None when there is none (or it cannot be read)."""
    name = f"{checked_id(report_id)}{SUFFIX}"
    try:
        return parse_report(folder, name)  # a link, a FIFO or a folder under this name is not a report
    except UnreadableReport as error:
        logger.warning("bug report %s", error)
        return None
