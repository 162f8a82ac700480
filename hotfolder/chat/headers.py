"""Header lines and the parsed forms of @Languages, @Participants, @ID, @Media, @Options."""

from __future__ import annotations

import re
from dataclasses import dataclass

from hotfolder.chat.records import Record, RecordKind, split_label

ID_FIELD_COUNT = 10
_LIST_SPLIT = re.compile(r"[,\s]+")


@dataclass(frozen=True, slots=True)
class Header:
    name: str  # without @ and colon: "Languages", "Birth of CHI", "Bg"
    value: str  # as in the file after the TAB, continuation lines included; "" when absent
    line: int

    @property
    def words(self) -> str:
        """The value with runs of whitespace (incl. continuation breaks) made single spaces."""
        return " ".join(self.value.split())


@dataclass(frozen=True, slots=True)
class Participant:
    code: str
    name: str | None
    role: str  # "" when the entry has only a code
    line: int


@dataclass(frozen=True, slots=True)
class IdFields:
    """The ten `|`-separated fields of an @ID line (missing ones are "")."""

    language: str
    corpus: str
    speaker: str
    age: str
    sex: str
    group: str
    ses: str
    role: str
    education: str
    custom: str
    line: int
    field_count: int  # `|` bars on the line: 10 when well formed (each field ends with one)


@dataclass(frozen=True, slots=True)
class MediaInfo:
    filename: str
    type: str | None  # audio, video...
    status: str | None  # unlinked, missing, notrans...
    line: int


def header_of(record: Record) -> Header:
    label, _sep, value = split_label(record.body, RecordKind.HEADER) or (record.body, "", "")
    return Header(label[1:].rstrip(":").strip(), value, record.line)


def parse_languages(value: str) -> list[str]:
    return [code for code in _LIST_SPLIT.split(value) if code]


def parse_options(value: str) -> list[str]:
    return [option for option in (part.strip() for part in value.split(",")) if option]


def parse_participants(header: Header) -> list[Participant]:
    participants = []
    for entry in header.words.split(","):
        fields = entry.split()
        if not fields:
            continue
        code, rest = fields[0], fields[1:]
        name = " ".join(rest[:-1]) if len(rest) > 1 else None
        role = rest[-1] if rest else ""
        participants.append(Participant(code, name, role, header.line))
    return participants


def parse_id(header: Header) -> IdFields:
    fields = [field.strip() for field in header.words.split("|")]
    f = (fields + [""] * ID_FIELD_COUNT)[:ID_FIELD_COUNT]
    return IdFields(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], header.line, header.value.count("|"))


def parse_media(header: Header) -> MediaInfo:
    parts = [part.strip() for part in header.words.split(",")]
    filename = parts[0] if parts else ""
    media_type = parts[1] or None if len(parts) > 1 else None
    status = ", ".join(part for part in parts[2:] if part) or None
    return MediaInfo(filename, media_type, status, header.line)
