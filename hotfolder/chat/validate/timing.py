"""Bullets: well formed, start before end, never going backwards."""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.bullets import ANY_BULLET, NAK, bullet_problem, parse_time_bullet
from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.records import Record, RecordKind, count_breaks
from hotfolder.chat.tokens import TokenKind

_MESSAGES = {
    89: "malformed bullet: expected NAK start_end NAK",
    90: "illegal time inside a bullet",
    115: 'old bullet format (%snd:"file"_start_end); run CLAN fixbullets',
}


def check_timing(chat: ChatFile, records: list[Record]) -> Iterator[ChatIssue]:
    for record in records:
        if record.kind is not RecordKind.MAIN and NAK in record.text:
            yield from _check_record_bullets(record)
    yield from _check_main_tiers(chat)


def _check_record_bullets(record: Record) -> Iterator[ChatIssue]:
    body = record.body
    for offset, text in enumerate(body.splitlines()):
        if text.count(NAK) % 2:
            yield ChatIssue(check_code(89), "unmatched bullet delimiter (NAK)", record.line + offset)
    for match in ANY_BULLET.finditer(body):
        line = record.line + count_breaks(body[: match.start()])
        yield from _check_bullet(match.group(), line)


def _check_bullet(text: str, line: int) -> Iterator[ChatIssue]:
    problem = bullet_problem(text)
    if problem is not None:
        yield ChatIssue(check_code(problem), _MESSAGES[problem], line)
        return
    bullet = parse_time_bullet(text)
    if bullet is not None and bullet.start_ms >= bullet.end_ms:
        yield ChatIssue(
            check_code(82),
            f"bullet start {bullet.start_ms} must be smaller than its end {bullet.end_ms}",
            line,
        )


def _check_main_tiers(chat: ChatFile) -> Iterator[ChatIssue]:
    previous: int | None = None
    for utterance in chat.utterances:
        if NAK not in utterance.main_text and "_" not in utterance.main_text:
            continue
        for token in utterance.tokens:
            if token.kind is TokenKind.TIMESTAMP:
                line = utterance.line_of(token.start)
                yield ChatIssue(check_code(89), f"time {token.text!r} lacks its NAK bullet delimiters", line)
            elif token.kind is TokenKind.OTHER and token.text == NAK:
                yield ChatIssue(check_code(89), "unmatched bullet delimiter (NAK)", utterance.line_of(token.start))
            elif token.kind is TokenKind.BULLET:
                line = utterance.line_of(token.start)
                yield from _check_bullet(token.text, line)
                bullet = parse_time_bullet(token.text)
                if bullet is None:
                    continue
                if previous is not None and bullet.start_ms < previous:
                    yield ChatIssue(
                        check_code(83),
                        f"bullet start {bullet.start_ms} is earlier than the previous bullet's start {previous}",
                        line,
                    )
                previous = bullet.start_ms
