"""`validate(chat)`: CLAN CHECK findings (shared/reference/chat-format/clan-check-error-codes.md).

Codes produced: 1 2 3 4 6 7 12 14 18 36 43 44 53 54 60 61 69 82 83 89 90 91 93
94 115 140 143. Each finding carries the 1-based line it is about.
"""

from __future__ import annotations

from hotfolder.chat.document import ChatFile
from hotfolder.chat.errors import ChatIssue
from hotfolder.chat.validate.alignment import check_alignment
from hotfolder.chat.validate.spacing import check_spacing
from hotfolder.chat.validate.speakers import check_speakers
from hotfolder.chat.validate.structure import check_structure
from hotfolder.chat.validate.timing import check_timing

__all__ = ["validate"]


def validate(chat: ChatFile) -> list[ChatIssue]:
    """Every finding, ordered by line (then code); an empty list means CHECK-clean here."""
    records = chat.records
    issues = [
        *check_structure(records),
        *check_speakers(chat),
        *check_timing(chat, records),
        *check_alignment(chat),
        *check_spacing(chat),
    ]
    return sorted(issues, key=lambda issue: (issue.line, issue.code, issue.message))
