"""Planned utterances -> a new CHAT transcript, checked by the chat library before it leaves.

    @UTF8 / @Begin / @Languages / @Participants / @ID / @Media
    @Comment:   [hf transcribe | engine=whisper ; model=whisper-base ; ... | time]
    *PAR:       words , words . BULLET
    %wor:       word BULLET word BULLET .
    @End

Every utterance goes to one speaker, PAR (role Participant): no offline
diarization engine is installed (transcribe_s is unavailable for that reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hotfolder.chat import ChatFile, ChatIssue, loads, validate
from hotfolder.chat.bullets import format_bullet
from hotfolder.commands.transcribe.utterances import PlannedUtterance
from hotfolder.errors import FailureCategory, FileFailure

SPEAKER = "PAR"
ROLE = "Participant"
CORPUS = "corpus"


def header_lines(lang: str, media_name: str) -> list[str]:
    return [
        "@UTF8",
        "@Begin",
        f"@Languages:\t{lang}",
        f"@Participants:\t{SPEAKER} {ROLE}",
        f"@ID:\t{lang}|{CORPUS}|{SPEAKER}|||||{ROLE}|||",
        f"@Media:\t{media_name}, audio",
    ]


def main_line(utterance: PlannedUtterance) -> str:
    body = " ".join((*utterance.items, utterance.terminator))
    return f"*{SPEAKER}:\t{body} {format_bullet(*utterance.bullet)}"


def transcript_text(utterances: Sequence[PlannedUtterance], lang: str, media_name: str) -> str:
    """The transcript without %wor and provenance (the chat library writes those)."""
    lines = header_lines(lang, media_name) + [main_line(utterance) for utterance in utterances] + ["@End"]
    return "\n".join(lines) + "\n"


def build_transcript(
    utterances: Sequence[PlannedUtterance],
    *,
    lang: str,
    media_name: str,
    command: str,
    fields: dict[str, str],
    when: datetime,
) -> ChatFile:
    """The CHAT file with %wor and provenance; FileFailure(system) if it would not validate."""
    chat = loads(transcript_text(utterances, lang, media_name))
    for utterance, planned in zip(chat.utterances, utterances, strict=True):
        utterance.set_wor(planned.words)
    chat.set_provenance(command, fields, when)
    issues = validate(chat)
    if issues:
        raise invalid_output(command, issues)
    return chat


def invalid_output(command: str, issues: Sequence[ChatIssue]) -> FileFailure:
    """Our own output failing CHECK is a bug, reported with the codes and the first line."""
    listed = "; ".join(str(issue) for issue in issues[:5])
    return FileFailure(
        f"{command} built a transcript that fails CHAT validation (a bug): {listed}",
        FailureCategory.SYSTEM,
        codes=sorted({issue.code for issue in issues}),
        line=issues[0].line,
    )
