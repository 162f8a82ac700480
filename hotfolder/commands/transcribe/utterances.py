"""Timed tokens -> utterances: where one ends, and bullets CHAT accepts.

An utterance ends after a token with a terminator (whisper's punctuation; the
`.` pocketsphinx puts at the end of each stretch of speech) and before a word
that follows a silence of `pause_ms` or more. An utterance without a
terminator gets `.`.

Times are made safe for CHAT, never invented: every time is clamped into the
recording, words never start before the previous word ended (so utterance
bullets never go backwards), and a word left with no duration keeps no
bullet on %wor. The utterance bullet spans its first to its last timed word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from hotfolder.commands.transcribe.cleaning import Cleaned, clean_token
from hotfolder.commands.transcribe.recognition import TimedToken

PAUSE_MS = 1000  # a silence this long between two words starts a new utterance

Bullet = tuple[int, int]


@dataclass(frozen=True)
class PlannedUtterance:
    items: tuple[str, ...]  # the main tier before the terminator: words and "," items
    words: tuple[tuple[str, Bullet | None], ...]  # %wor: each word with its bullet
    terminator: str
    bullet: Bullet


@dataclass
class _Group:
    parts: list[tuple[Cleaned, TimedToken]] = field(default_factory=list)
    terminator: str | None = None


def plan_utterances(tokens: Sequence[TimedToken], duration_ms: int, pause_ms: int = PAUSE_MS) -> list[PlannedUtterance]:
    """The utterances of one recording of `duration_ms` (> 0), in time order."""
    planned: list[PlannedUtterance] = []
    floor = 0  # no bullet may start before this: the end of the last one placed
    for group in group_tokens(tokens, pause_ms):
        utterance, floor = _place(group, floor, duration_ms)
        planned.append(utterance)
    return planned


def group_tokens(tokens: Sequence[TimedToken], pause_ms: int = PAUSE_MS) -> list[_Group]:
    """Split the token stream at terminators and long pauses; groups without words are dropped."""
    groups: list[_Group] = []
    current = _Group()
    last_end: int | None = None

    def close() -> None:
        nonlocal current
        if current.parts:
            groups.append(current)
        current = _Group()

    for token in tokens:
        cleaned = clean_token(token.text)
        if cleaned.words:
            if current.parts and last_end is not None and token.start_ms - last_end >= pause_ms:
                close()
            current.parts.append((cleaned, token))
            last_end = token.end_ms
        elif cleaned.comma and current.parts:  # a lone "," token belongs to the word before it
            previous, timed = current.parts[-1]
            current.parts[-1] = (Cleaned(previous.words, True, previous.terminator), timed)
        if cleaned.terminator is not None and current.parts:
            current.terminator = cleaned.terminator
            close()
    close()
    return groups


def split_span(start_ms: int, end_ms: int, words: Sequence[str]) -> list[Bullet]:
    """Share one token's span among the words it split into, by length."""
    total = sum(len(word) for word in words) or 1
    spans: list[Bullet] = []
    cursor = start_ms
    used = 0
    for word in words:
        used += len(word)
        end = start_ms + (end_ms - start_ms) * used // total
        spans.append((cursor, end))
        cursor = end
    return spans


def _place(group: _Group, floor: int, duration_ms: int) -> tuple[PlannedUtterance, int]:
    items: list[str] = []
    words: list[tuple[str, Bullet | None]] = []
    timed: list[Bullet] = []
    for cleaned, token in group.parts:
        for word, (start, end) in zip(cleaned.words, split_span(token.start_ms, token.end_ms, cleaned.words), strict=True):
            start, end = max(start, floor, 0), min(end, duration_ms)
            bullet = (start, end) if start < end else None
            if bullet is not None:
                timed.append(bullet)
                floor = end
            items.append(word)
            words.append((word, bullet))
        if cleaned.comma:
            items.append(",")
    while items[-1] == ",":  # "word , ." is not CHAT anyone writes
        items.pop()
    if timed:
        bullet = (timed[0][0], timed[-1][1])
    else:  # no word kept a duration: a minimal bullet where the utterance began
        start = min(max(group.parts[0][1].start_ms, floor), duration_ms - 1)
        bullet = (start, start + 1)
        floor = start + 1
    return PlannedUtterance(tuple(items), tuple(words), group.terminator or ".", bullet), floor
