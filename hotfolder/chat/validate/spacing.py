"""Terminators glued to the word before them (`pant.`): CHECK 93, and CHECK 36 when more words follow.

The file is still read as CLAN and batchalign read it (word + terminator, rule in
hotfolder.chat.glued); the finding tells the transcriber where the space is missing.
"""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.glued import find_glued
from hotfolder.chat.tokens import TokenKind


def check_spacing(chat: ChatFile) -> Iterator[ChatIssue]:
    for utterance in chat.utterances:
        text = utterance.main_text
        glued = list(find_glued(text))
        if not glued:
            continue
        for offset, terminator in glued:
            word = text[:offset].split()[-1] if text[:offset].split() else ""
            message = f"terminator {terminator!r} is glued to {word!r}: it must be preceded by SPACE (read as {word!r} {terminator!r})"
            yield ChatIssue(check_code(93), message, utterance.line_of(offset))
        tokens = utterance.tokens
        last_word = max((i for i, t in enumerate(tokens) if t.kind is TokenKind.WORD), default=-1)
        for token in tokens[:last_word]:
            if token.kind is TokenKind.TERMINATOR and any(token.start == offset for offset, _ in glued):
                message = f"terminator {token.text!r} stands before the end of the utterance: words follow it"
                yield ChatIssue(check_code(36), message, utterance.line_of(token.start))
