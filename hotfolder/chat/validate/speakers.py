"""Who speaks: @Participants declarations, their @ID lines, and main-tier speakers."""

from __future__ import annotations

from collections.abc import Iterator

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue, check_code
from hotfolder.chat.headers import ID_FIELD_COUNT


def check_speakers(chat: ChatFile) -> Iterator[ChatIssue]:
    headers = chat.headers
    if not any(header.name == "Participants" for header in headers):
        begin = next((header.line for header in headers if header.name == "Begin"), 1)
        yield ChatIssue(check_code(61), '"@Participants:" header is missing', begin)
    participants = chat.participants
    ids = chat.ids
    with_id = {fields.speaker for fields in ids}
    for participant in participants:
        if not participant.role:
            yield ChatIssue(check_code(12), f"participant {participant.code} has no role", participant.line)
        if participant.code not in with_id:
            yield ChatIssue(check_code(60), f"participant {participant.code} has no @ID header", participant.line)
    for fields in ids:
        if fields.field_count != ID_FIELD_COUNT:
            yield ChatIssue(
                check_code(143),
                f"the @ID line needs {ID_FIELD_COUNT} fields, each ended by '|'; found {fields.field_count}",
                fields.line,
            )
    declared = {participant.code for participant in participants}
    for utterance in chat.utterances:
        if utterance.speaker not in declared:
            yield ChatIssue(
                check_code(18), f"speaker {utterance.speaker!r} is not in the @Participants list", utterance.line
            )
