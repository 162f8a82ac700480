"""`ChatFile`: the records of a CHAT text in order, with utterances and headers on top."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from hotfolder.chat import headers as hdr
from hotfolder.chat.headers import Header, IdFields, MediaInfo, Participant
from hotfolder.chat.provenance import ProvenanceEntry, format_entry, parse_entry
from hotfolder.chat.records import Record, RecordKind, count_breaks, split_label
from hotfolder.chat.utterance import Utterance

_PROVENANCE_ANCHORS = ("ID", "Participants", "Begin", "UTF8")


class ChatFile:
    """A parsed CHAT file. `dumps` joins its records, so unchanged parts stay byte-identical."""

    def __init__(self, records: list[Record], *, bom: bool, newline: str) -> None:
        self.bom = bom
        self.newline = newline
        self._wrap: bool | None = None
        self._ca: bool | None = None
        # Records live in blocks: an utterance's main tier and its dependent
        # tiers share one block (the Utterance holds the same list); any other
        # record is a block of its own. A writer inserts into one block, and the
        # file lists and numbers its records again only when asked.
        self._blocks: list[list[Record]] = []
        self._utterances: list[Utterance] = []
        current: list[Record] | None = None
        for record in records:
            kind = record.kind
            if kind is RecordKind.MAIN:
                current = [record]
                self._blocks.append(current)
                self._utterances.append(Utterance(self, current))
            elif kind is RecordKind.TIER and current is not None:
                current.append(record)
            else:
                current = None
                self._blocks.append([record])
        self._flat: list[Record] | None = records  # file order; None after a layout change
        self._numbered = False  # records come unnumbered; _fresh() numbers them on first need

    def __repr__(self) -> str:
        return f"ChatFile({len(self._ordered())} records, {len(self._utterances)} utterances)"

    def to_text(self) -> str:
        text = "".join([record.text for record in self._ordered()])
        return "\ufeff" + text if self.bom else text

    @property
    def records(self) -> list[Record]:
        self._fresh()
        return list(self._ordered())

    @property
    def utterances(self) -> list[Utterance]:
        return list(self._utterances)

    # -- headers ---------------------------------------------------------------

    @property
    def headers(self) -> list[Header]:
        """Every @ line in file order (pre-@Begin ones, @Begin/@End, later @Comment/@Bg too)."""
        self._fresh()
        return [hdr.header_of(record) for record in self._ordered() if record.kind is RecordKind.HEADER]

    def header(self, name: str) -> Header | None:
        """The first header of that name (`"Media"`, `"Birth of CHI"`), or None."""
        return next(self._named(name), None)

    def header_values(self, name: str) -> list[str]:
        return [header.value for header in self._named(name)]

    def _named(self, name: str) -> Iterator[Header]:
        self._fresh()
        prefix = "@" + name
        for record in self._ordered():
            if record.kind is RecordKind.HEADER and record.text.startswith(prefix):
                header = hdr.header_of(record)
                if header.name == name:
                    yield header

    @property
    def languages(self) -> list[str]:
        header = self.header("Languages")
        return hdr.parse_languages(header.value) if header else []

    @property
    def participants(self) -> list[Participant]:
        return [entry for header in self._named("Participants") for entry in hdr.parse_participants(header)]

    @property
    def ids(self) -> list[IdFields]:
        return [hdr.parse_id(header) for header in self._named("ID")]

    @property
    def media(self) -> MediaInfo | None:
        header = self.header("Media")
        return hdr.parse_media(header) if header else None

    @property
    def options(self) -> list[str]:
        header = self.header("Options")
        return hdr.parse_options(header.value) if header else []

    # -- provenance ------------------------------------------------------------

    def provenance(self) -> list[ProvenanceEntry]:
        """Every `[hf ...]` provenance comment, in file order."""
        entries = []
        for header in self._named("Comment"):
            if header.value.startswith("[hf "):
                entry = parse_entry(header.value)
                if entry is not None:
                    entries.append(entry)
        return entries

    def set_provenance(self, command: str, fields: dict[str, str], when: datetime) -> None:
        """Record that `command` produced this file: replace its earlier comment or add one.

        A new comment goes after the last @ID (and after provenance comments
        already there, so they read oldest first); without @ID, after
        @Participants, @Begin or @UTF8, else at the top.
        """
        body = f"@Comment:\t{format_entry(command, fields, when)}"
        own = [record for record in self._ordered() if _provenance_command(record) == command]
        if own:
            self._replace(own[0], body + own[0].eol)
            for record in own[1:]:
                self._remove_header(record)
            return
        anchor = self._provenance_anchor()
        if anchor is None:
            self._blocks.insert(0, [Record(body + self.newline, 0, RecordKind.HEADER)])
        else:  # a header is a block of its own: the comment becomes the next block
            index = self._block_index(anchor)
            self._blocks.insert(index + 1, [self._new_record(anchor, body, RecordKind.HEADER)])
        self._changed()

    def _provenance_anchor(self) -> Record | None:
        records = self._ordered()
        for name in _PROVENANCE_ANCHORS:
            last = None
            for index, record in enumerate(records):
                if record.kind is RecordKind.HEADER and _header_name(record) == name:
                    last = index
            if last is not None:
                while last + 1 < len(records) and _provenance_command(records[last + 1]):
                    last += 1
                return records[last]
        return None

    def _block_index(self, header: Record) -> int:
        return next(index for index, block in enumerate(self._blocks) if block[0] is header)

    def _remove_header(self, record: Record) -> None:
        index = self._block_index(record)
        del self._blocks[index]
        if index:
            self._keep_final_break(record, self._blocks[index - 1][-1])
        self._changed()

    # -- the Host interface utterances write through ------------------------------

    def _wraps(self) -> bool:
        if self._wrap is None:
            self._wrap = any(
                record.kind in (RecordKind.MAIN, RecordKind.TIER) and count_breaks(record.body)
                for record in self._ordered()
            )
        return self._wrap

    def _is_ca(self) -> bool:
        if self._ca is None:
            self._ca = any(option.upper().startswith("CA") for option in self.options)
        return self._ca

    def _ordered(self) -> list[Record]:
        """Every record in file order (listed again after a writer moved records)."""
        if self._flat is None:
            self._flat = [record for block in self._blocks for record in block]
        return self._flat

    def _fresh(self) -> None:
        """Number the lines after writers changed the layout (deferred: writes come in bursts)."""
        if self._numbered:
            return
        line = 1
        for record in self._ordered():
            record.line = line
            line += count_breaks(record.text)
        self._numbered = True

    def _changed(self) -> None:
        self._flat = None
        self._numbered = False

    def _replace(self, record: Record, text: str) -> None:
        if count_breaks(text) != count_breaks(record.text):
            self._numbered = False
        record.text = text

    def _new_record(self, anchor: Record, body: str, kind: RecordKind) -> Record:
        """A record to go right after `anchor`, ended the way the anchor was."""
        eol = anchor.eol
        if not eol:  # the anchor ended the file without a newline: so will the new record
            anchor.text += self.newline
        return Record(body + eol, 0, kind)

    def _insert(self, block: list[Record], position: int, body: str, kind: RecordKind) -> None:
        """Insert a new record into an utterance's block, after `block[position - 1]`."""
        block.insert(position, self._new_record(block[position - 1], body, kind))
        self._changed()

    def _remove(self, block: list[Record], record: Record) -> None:
        """Remove a dependent tier record from its utterance's block."""
        index = block.index(record)
        del block[index]
        self._keep_final_break(record, block[index - 1])
        self._changed()

    @staticmethod
    def _keep_final_break(removed: Record, previous: Record) -> None:
        if not removed.eol:  # the removed record ended the file without a newline: keep it missing
            previous.text = previous.body


def _header_name(record: Record) -> str:
    parts = split_label(record.body, RecordKind.HEADER)
    return parts[0][1:].rstrip(":").strip() if parts else ""


def _provenance_command(record: Record) -> str | None:
    if record.kind is not RecordKind.HEADER or not record.text.startswith("@Comment:"):
        return None
    parts = split_label(record.body, RecordKind.HEADER)
    entry = parse_entry(parts[2]) if parts else None
    return entry.command if entry else None
