"""Logged values cannot start a line of their own or hide characters."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from hotfolder.logescape import EscapingLogRecord, escape_controls


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a\r\nFAKE LOG LINE.cha", "a\\r\\nFAKE LOG LINE.cha"),
        ("\u202egpj.cha", "\\u202egpj.cha"),
        ("tab\tesc\x1b[31mdel\x7f", "tab\\tesc\\x1b[31mdel\\x7f"),
        ("zero\u200bwidth\ufeff", "zero\\u200bwidth\\ufeff"),
        ("café über 日本.cha", "café über 日本.cha"),  # printable text is left alone
    ],
)
def test_escape_controls(text: str, escaped: str) -> None:
    assert escape_controls(text) == escaped


def test_a_record_escapes_its_values_not_its_format() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test-logescape")
    logger.addHandler(handler)
    logger.propagate = False
    previous = logging.getLogRecordFactory()
    logging.setLogRecordFactory(EscapingLogRecord)
    try:
        logger.warning("job %s: %s in %s (%d file(s), %.1f s)", "j1", "a\r\nFAKE.cha", Path("in\nbox"), 2, 0.5)
        logger.warning("two\nlines of ours %(name)s", {"name": "x\ry"})
    finally:
        logging.setLogRecordFactory(previous)
        logger.removeHandler(handler)
    assert out.getvalue().split("\n") == [
        "WARNING job j1: a\\r\\nFAKE.cha in in\\nbox (2 file(s), 0.5 s)",
        "WARNING two",
        "lines of ours x\\ry",
        "",
    ]


def test_a_traceback_keeps_its_lines_and_escapes_its_messages() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test-logescape-tb")
    logger.addHandler(handler)
    logger.propagate = False
    previous = logging.getLogRecordFactory()
    logging.setLogRecordFactory(EscapingLogRecord)
    try:
        try:
            raise FileExistsError("cannot write a\r\nFAKE LOG LINE.cha")
        except OSError:
            logger.exception("writing %s failed", "a\r\nFAKE LOG LINE.cha")
    finally:
        logging.setLogRecordFactory(previous)
        logger.removeHandler(handler)
    lines = out.getvalue().rstrip("\n").split("\n")
    assert lines[0] == "ERROR writing a\\r\\nFAKE LOG LINE.cha failed"
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "FileExistsError: cannot write a\\r\\nFAKE LOG LINE.cha"
    assert all(line.startswith(("ERROR", "Traceback", "  ", "FileExistsError")) for line in lines)
