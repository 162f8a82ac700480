"""%mor against the main tier's words, %gra against %mor's chunks, and matching terminators."""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.tiers import gra_items, parse_mor
from hotfolder.chat.utterance import Utterance, tier_name


def check_alignment(chat: ChatFile) -> Iterator[ChatIssue]:
    for utterance in chat.utterances:
        mor = utterance.tier("mor")
        if mor is not None:
            yield from _check_utterance(utterance, mor)


def _tier_line(utterance: Utterance, name: str) -> int:
    """Asked only for a finding: numbering lines after a burst of writes costs a pass over the file."""
    return next(record.line for record in utterance.records[1:] if tier_name(record) == name)


def _check_utterance(utterance: Utterance, content: str) -> Iterator[ChatIssue]:
    mor = parse_mor(content)
    words = len(utterance.mor_words())  # how many %mor items the speaker tier needs
    if not words and not mor.items:
        # What MOR leaves empty (all retraced, untranscribed or omitted) has nothing to link.
        message = "%mor has no item: nothing on the speaker tier can be analyzed"
        yield ChatIssue(check_code(140), message, _tier_line(utterance, "mor"))
    elif len(mor.items) != words:
        message = f"%mor has {len(mor.items)} items but the speaker tier has {words} words to link"
        yield ChatIssue(check_code(140), message, _tier_line(utterance, "mor"))
    if mor.terminator != utterance.terminator:
        message = f"%mor ends with {mor.terminator!r} but the speaker tier with {utterance.terminator!r}"
        yield ChatIssue(check_code(94), message, _tier_line(utterance, "mor"))
    gra = utterance.tier("gra")
    if gra is not None and len(gra_items(gra)) != mor.chunk_count:
        message = f"%gra has {len(gra_items(gra))} relations but %mor has {mor.chunk_count} chunks"
        yield ChatIssue(check_code(140), message, _tier_line(utterance, "gra"))
