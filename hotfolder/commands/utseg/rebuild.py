"""Replacing utterances of a file by their pieces, every other byte kept as read.

hotfolder.chat can rewrite tiers but not add utterances, so the new text is
built from the file's records: a split utterance's records give way to the
pieces' main tiers (rendered in the file's wrapping style), its kept dependent
tiers following the first piece; every other record is copied as it is. The
text is parsed again, and each piece's %wor is written through the library.

Dependent tiers: %mor and %gra describe the words of the whole utterance and
cannot be cut, so they are dropped here and the engine tags the pieces again
(retag.py); %wor is cut with the words; any other tier (%com, %act, %xtra...) is about the
utterance as a whole and stays with the first piece.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from hotfolder.chat import ChatFile, loads
from hotfolder.chat.records import RecordKind, count_breaks
from hotfolder.chat.render import render_tier
from hotfolder.chat.utterance import tier_name
from hotfolder.commands.utseg.timing import WorEntry

DROPPED = frozenset({"mor", "gra", "wor"})


@dataclass(frozen=True)
class Piece:
    main: str  # main tier content after `*SPK:` and TAB
    wor: list[WorEntry] | None  # the piece's %wor words, None when the utterance had no usable %wor


def wraps(chat: ChatFile) -> bool:
    """Whether the file continues long tiers on TAB lines (new tiers then wrap the same way)."""
    return any(
        record.kind in (RecordKind.MAIN, RecordKind.TIER) and count_breaks(record.body) for record in chat.records
    )


def splice(chat: ChatFile, splits: Mapping[int, Sequence[Piece]]) -> ChatFile:
    """A new file where utterance `i` (0-based) of `chat` is replaced by `splits[i]`."""
    utterances = chat.utterances
    wrap = wraps(chat)
    by_main = {id(utterances[index].records[0]): index for index in splits}
    skipped: set[int] = set()
    parts: list[str] = []
    for record in chat.records:
        if id(record) in skipped:
            continue
        index = by_main.get(id(record))
        if index is None:
            parts.append(record.text)
            continue
        utterance = utterances[index]
        skipped.update(id(other) for other in utterance.records)
        kept = [other.text for other in utterance.records[1:] if tier_name(other) not in DROPPED]
        label = f"*{utterance.speaker}:"
        for number, piece in enumerate(splits[index]):
            parts.append(render_tier(label, piece.main, wrap=wrap, newline=chat.newline) + chat.newline)
            if number == 0:
                parts.extend(_ended(text, chat.newline) for text in kept)
        if not utterance.records[-1].eol:  # the utterance ended the file without a newline: keep it so
            parts[-1] = parts[-1][: -len(chat.newline)]
    result = loads(("\ufeff" if chat.bom else "") + "".join(parts))
    _write_wor(result, splits)
    return result


def _ended(text: str, newline: str) -> str:
    return text if text.endswith(("\n", "\r")) else text + newline


def _write_wor(result: ChatFile, splits: Mapping[int, Sequence[Piece]]) -> None:
    new = result.utterances
    shift = 0
    for index in sorted(splits):
        for number, piece in enumerate(splits[index]):
            if piece.wor is not None:
                new[index + shift + number].set_wor(piece.wor)
        shift += len(splits[index]) - 1
