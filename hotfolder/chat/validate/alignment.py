"""%mor against the main tier's words, %gra against %mor's chunks, and matching terminators."""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.tiers import gra_items, parse_mor
from hotfolder.chat.utterance import Utterance, tier_name


def check_alignment(chat: ChatFile) -> Iterator[ChatIssue]:
    for utterance in chat.utterances:
        if "mor" in utterance.tiers:
            yield from _check_utterance(utterance)


def _tier_line(utterance: Utterance, name: str) -> int:
    utterance.line  # noqa: B018 - renumbers the file when a writer moved lines
    return next(record.line for record in utterance.records[1:] if tier_name(record) == name)


def _check_utterance(utterance: Utterance) -> Iterator[ChatIssue]:
    tiers = utterance.tiers
    mor = parse_mor(tiers["mor"])
    words = utterance.mor_words()
    line = _tier_line(utterance, "mor")
    if not words and not mor.items:
        # What MOR leaves empty (all retraced, untranscribed or omitted) has nothing to link.
        yield ChatIssue(check_code(140), "%mor has no item: nothing on the speaker tier can be analyzed", line)
    elif len(mor.items) != len(words):
        yield ChatIssue(
            check_code(140),
            f"%mor has {len(mor.items)} items but the speaker tier has {len(words)} words to link",
            line,
        )
    if mor.terminator != utterance.terminator:
        yield ChatIssue(
            check_code(94),
            f"%mor ends with {mor.terminator!r} but the speaker tier with {utterance.terminator!r}",
            line,
        )
    gra = tiers.get("gra")
    if gra is not None and len(gra_items(gra)) != mor.chunk_count:
        yield ChatIssue(
            check_code(140),
            f"%gra has {len(gra_items(gra))} relations but %mor has {mor.chunk_count} chunks",
            _tier_line(utterance, "gra"),
        )
