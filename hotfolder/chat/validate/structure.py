"""File layout: @UTF8, @Begin/@End, blank lines, line starts, the TAB after a tier label."""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.headers import header_of
from hotfolder.chat.records import Record, RecordKind, split_label

_PRE_BEGIN = frozenset({"UTF8", "PID", "Font", "Window", "Color words"})


def _issue(number: int, message: str, line: int) -> ChatIssue:
    return ChatIssue(check_code(number), message, line)


def _name(record: Record) -> str | None:
    return header_of(record).name if record.kind is RecordKind.HEADER else None


def check_structure(records: list[Record]) -> Iterator[ChatIssue]:
    yield from _check_frame(records)
    for record in records:
        yield from _check_line(record)


def _check_frame(records: list[Record]) -> Iterator[ChatIssue]:
    names = [_name(record) for record in records]
    if not records or names[0] != "UTF8":
        yield _issue(69, "the @UTF8 header is missing: it must be the first line", 1)
    begins = [index for index, name in enumerate(names) if name == "Begin"]
    ends = [index for index, name in enumerate(names) if name == "End"]
    last_line = records[-1].line + records[-1].line_count() - 1 if records else 1
    if not begins:
        yield _issue(6, '"@Begin" is missing at the beginning of the file', 1)
    else:
        for index in begins[1:]:
            yield _issue(53, 'only one "@Begin" can be in a file', records[index].line)
        stray = next(
            (r for r, n in zip(records[: begins[0]], names) if r.kind is not RecordKind.BLANK and n not in _PRE_BEGIN),
            None,
        )
        if stray is not None:
            yield _issue(43, 'the file must start with "@Begin": only @UTF8, @PID, @Font, @Window, @Color words may precede it', stray.line)
    if not ends:
        yield _issue(7, '"@End" is missing at the end of the file', last_line)
        return
    for index in ends[1:]:
        yield _issue(54, 'only one "@End" can be in a file', records[index].line)
    after = next(
        (r for r, n in zip(records[ends[0] + 1 :], names[ends[0] + 1 :]) if r.kind is not RecordKind.BLANK and n != "End"),
        None,
    )
    if after is not None:
        yield _issue(44, 'the file must end with "@End": this line comes after it', after.line)


def _check_line(record: Record) -> Iterator[ChatIssue]:
    kind = record.kind
    if kind is RecordKind.BLANK:
        yield _issue(91, "blank lines are not allowed", record.line)
        return
    if kind is RecordKind.OTHER:
        if record.text.lstrip(" \t")[:1] in ("@", "*", "%"):
            yield _issue(14, "spaces before the tier code", record.line)
        else:
            yield _issue(1, "a line must start with @, % or * (or TAB for a continuation)", record.line)
        return
    parts = split_label(record.body, kind)
    if parts is None:
        yield _issue(2, f"missing ':' and content after {record.body.split()[0][:20]!r}", record.line)
        return
    label, separator, content = parts
    if kind is RecordKind.HEADER and not label.endswith(":"):
        return
    if separator.startswith(" "):
        yield _issue(4, f"found a space character instead of TAB after {label!r}", record.line)
    elif not separator and content:
        yield _issue(3, f"missing TAB after {label!r}", record.line)
