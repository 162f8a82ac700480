"""Which engine aligns a language: pocketsphinx (English), whisper (every language whisper knows), or none.

Languages are CHAT codes (ISO 639-3, as in @Languages, plus the aliases
TalkBank corpora use, e.g. `cmn`); whisper's table is the one transcribe uses
(hotfolder/commands/transcribe/languages.py), so both commands agree on what
"a language whisper knows" means. English stays on pocketsphinx: on the real
English clips of the corpus it measured better than whisper's cross-attention
(bench/align_whisper.py, bench/README.md). Pure: tables and functions only.
"""

from __future__ import annotations

from typing import Literal

from hotfolder.commands.transcribe.languages import ALIASES, AUTO, WHISPER_CODES
from hotfolder.errors import HotfolderError

AlignEngineName = Literal["pocketsphinx", "whisper"]

POCKETSPHINX: AlignEngineName = "pocketsphinx"
WHISPER: AlignEngineName = "whisper"
# Languages with a pocketsphinx acoustic model here, and which engine wins for them (measured).
PREFERRED: dict[str, AlignEngineName] = {"eng": POCKETSPHINX}


class UnsupportedLanguage(HotfolderError):
    """No aligner here serves the language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(language_problem(lang) or f"language {lang!r} is supported")


def whisper_code(lang: str) -> str | None:
    """whisper's code (`es`, `yue`, ...) for a CHAT code, or None when whisper does not know it."""
    return WHISPER_CODES.get(lang) or ALIASES.get(lang)


def align_engine(lang: str) -> AlignEngineName | None:
    """The engine that aligns `lang` (a CHAT code); None when neither pocketsphinx nor whisper knows it."""
    if lang in PREFERRED:
        return PREFERRED[lang]
    return WHISPER if whisper_code(lang) is not None else None


def language_problem(lang: str) -> str | None:
    """Why `lang` cannot be aligned here (for a receipt or a refused folder); None when it can."""
    if lang == AUTO:
        return "align needs a language: 'auto' is resolved from each file's @Languages, not aligned as such"
    if align_engine(lang) is not None:
        return None
    return (
        f"align has no engine for language {lang!r}: pocketsphinx has an English model only and whisper "
        f"does not know {lang!r} (CHAT codes are ISO 639-3, e.g. 'spa', 'deu', 'yue')"
    )


def require_engine(lang: str) -> AlignEngineName:
    """The engine for `lang`; UnsupportedLanguage naming it when there is none."""
    engine = align_engine(lang)
    if engine is None:
        raise UnsupportedLanguage(lang)
    return engine


def served_languages() -> dict[str, AlignEngineName]:
    """Every CHAT code align serves, with its engine, sorted by code (for /health and the README)."""
    codes = set(WHISPER_CODES) | set(ALIASES) | set(PREFERRED)
    return {code: engine for code in sorted(codes) if (engine := align_engine(code)) is not None}
