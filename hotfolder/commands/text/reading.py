"""Reading a staged CHAT input into a `ChatFile`, or the failure that explains why not.

spaCy-free on purpose: translate and compare workers never import it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from hotfolder.chat import ChatError, ChatFile, from_bytes
from hotfolder.chat.errors import check_code
from hotfolder.chat.validate.structure import check_structure
from hotfolder.errors import FailureCategory, FileFailure

# The lenient reader takes anything; these findings mean the text is not a CHAT
# transcript whose utterances can be found: a line of no known kind, a tier
# without its colon, a missing or doubled @Begin/@End.
UNREADABLE_CODES = frozenset(check_code(n) for n in (1, 2, 6, 7, 53, 54))


def utc_now() -> datetime:
    return datetime.now(UTC)


def read_chat(path: Path, display_path: str) -> ChatFile | FileFailure:
    """Parse one staged file; bytes that are not CHAT text, or a broken frame, fail it."""
    try:
        chat = from_bytes(path.read_bytes())
    except FileNotFoundError:
        return FileFailure(f"input file is missing: {display_path}", FailureCategory.INPUT_MISSING)
    except OSError as exc:
        return FileFailure(f"cannot read {display_path}: {exc.strerror}", FailureCategory.INPUT_MISSING)
    except ChatError as exc:
        codes = [exc.code] if exc.code else []
        return FileFailure(f"{display_path}: {exc.message}", FailureCategory.PARSE_ERROR, codes=codes, line=exc.line)
    broken = [issue for issue in check_structure(chat.records) if issue.code in UNREADABLE_CODES]
    if broken:
        first = min(broken, key=lambda issue: issue.line)
        codes = sorted({issue.code for issue in broken})
        message = f"{display_path}: {first.message}"
        return FileFailure(message, FailureCategory.PARSE_ERROR, codes=codes, line=first.line)
    return chat

