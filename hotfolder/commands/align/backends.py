"""The two aligners behind `align`, and which one each utterance goes to.

An utterance's language is its `[- lang]` precode, else the file's first
@Languages, else the folder's (or ticket's) `lang` (as morphotag decides);
a folder set to `auto` with a file that names no language means English, as
before whisper was added. `languages.align_engine` then picks pocketsphinx
(English, with the pronunciation lexicon) or whisper (every language whisper
knows, on the words' spoken text). pocketsphinx loads with the worker;
whisper's weights (~385 MB) load on the first utterance that needs them, once
per worker. Each engine aligns a stretch of any length through `align_long`,
whisper in pieces of at most 28 s (its encoder hears 30 s at once).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import version
from typing import TYPE_CHECKING

from hotfolder.chat import ChatFile, Utterance, Word
from hotfolder.commands.align.crossling import CrossLexicon, merged
from hotfolder.commands.align.edges import refine_edges
from hotfolder.commands.align.languages import POCKETSPHINX, WHISPER, AlignEngineName, align_engine
from hotfolder.commands.align.lexicon import Lexicon
from hotfolder.commands.align.long import WHISPER_CHUNKS, Span, align_long
from hotfolder.commands.align.pronounce import Runner, espeak_runner
from hotfolder.commands.align.sphinx import SphinxAligner, pocketsphinx_version
from hotfolder.commands.audio import DEFAULT_RATE, Samples
from hotfolder.commands.transcribe.languages import AUTO
from hotfolder.errors import FailureCategory, FileFailure, HotfolderError

if TYPE_CHECKING:
    from hotfolder.commands.align.whisper import WhisperAligner

ENGLISH = "eng"
# A word whisper gives less than this was not heard (cross-attention squeezed it, e.g. past the speech
# in the window): it is left untimed and listed, rather than written with a made-up bullet.
MIN_WHISPER_WORD_MS = 30


def file_lang(chat: ChatFile, folder_lang: str) -> str:
    """The file's first @Languages, else the folder's language (`auto`: English)."""
    languages = chat.languages
    if languages:
        return languages[0]
    return ENGLISH if folder_lang == AUTO else folder_lang


def utterance_lang(utterance: Utterance, default: str) -> str:
    """`[- lang]` precode, else the file's language (`file_lang`)."""
    return utterance.language or default


def load_whisper() -> WhisperAligner:
    from hotfolder.commands.align.whisper import WhisperAligner

    return WhisperAligner()


class Backends:
    """pocketsphinx and its lexicon for the worker's life; whisper loaded on first need."""

    def __init__(
        self,
        sphinx: SphinxAligner | None = None,
        runner: Runner | None = None,
        whisper: Callable[[], WhisperAligner] = load_whisper,
    ) -> None:
        self.sphinx = sphinx or SphinxAligner()
        self.lexicon = Lexicon(self.sphinx, runner if runner is not None else espeak_runner())
        self.cross = CrossLexicon(self.sphinx)
        self.crossed = False  # pocketsphinx refined some whisper stretch: its version goes in the receipt
        self._load_whisper = whisper
        self._whisper: WhisperAligner | None = None

    def engine(self, lang: str) -> AlignEngineName | None:
        return align_engine(lang)

    def whisper(self) -> WhisperAligner:
        """The whisper aligner, loaded now if not yet; missing weights fail the file, naming them."""
        if self._whisper is None:
            try:
                self._whisper = self._load_whisper()
            except (HotfolderError, ImportError, OSError) as error:
                raise FileFailure(f"align needs whisper for this file, and it does not load: {error}", FailureCategory.PROVIDER_TERMINAL) from None
        return self._whisper

    def entry(self, engine: AlignEngineName, word: Word) -> str | None:
        """What the engine aligns for `word`: a dictionary word, or whisper's spoken text; None: nothing."""
        if engine == POCKETSPHINX:
            return self.lexicon.entry(word)
        from hotfolder.commands.align.whisper import spoken_text

        text = spoken_text(word).strip()
        return text or None

    def align(self, engine: AlignEngineName, lang: str, samples: Samples, words: list[str]) -> list[Span | None]:
        """Each word's (start_ms, end_ms) in `samples` (None: untimed), edges on the signal."""
        if engine == POCKETSPHINX:
            found = align_long(lambda piece, some: self.sphinx.align(piece, DEFAULT_RATE, some), samples, DEFAULT_RATE, words)
            return _refined(samples, found)
        aligner = self.whisper()  # its own refinement (onsets.refine_spans) already moved the edges
        found = align_long(lambda piece, some: aligner.align(piece, DEFAULT_RATE, some, lang), samples, DEFAULT_RATE, words, WHISPER_CHUNKS)
        heard = [span if span is not None and span[1] - span[0] >= MIN_WHISPER_WORD_MS else None for span in found]
        return self._crossed(lang, samples, words, heard)

    def _crossed(self, lang: str, samples: Samples, words: list[str], heard: list[Span | None]) -> list[Span | None]:
        """Whisper's spans, each replaced by pocketsphinx's where their onsets agree (crossling.py)."""
        if not self.cross.serves(lang) or not any(heard):
            return heard
        entries = [self.cross.entry(lang, word) for word in words]
        if not all(entries):
            return heard
        found = align_long(lambda piece, some: self.sphinx.align(piece, DEFAULT_RATE, some), samples, DEFAULT_RATE, [e or "" for e in entries])
        self.crossed = True
        return merged(heard, _refined(samples, found))

    def label(self, engine: AlignEngineName) -> str:
        """The engine as provenance and receipts name it: `pocketsphinx`, `whisper-base`."""
        return "pocketsphinx" if engine == POCKETSPHINX else self.whisper().model

    def versions(self, engines: set[AlignEngineName]) -> dict[str, str]:
        """Package versions of the engines used, for the receipt."""
        found: dict[str, str] = {}
        if POCKETSPHINX in engines or (WHISPER in engines and self.crossed):
            found["pocketsphinx"] = pocketsphinx_version()
        if WHISPER in engines:
            found.update(self.whisper().versions)
        return found

    def version(self, engine: AlignEngineName) -> str:
        return pocketsphinx_version() if engine == POCKETSPHINX else version("faster-whisper")


def _refined(samples: Samples, found: list[Span | None]) -> list[Span | None]:
    """pocketsphinx's 10 ms edges moved onto energy edges (edges.py); untimed words stay None."""
    timed = [index for index, span in enumerate(found) if span is not None]
    refined = refine_edges(samples, DEFAULT_RATE, [span for span in found if span is not None])
    out: list[Span | None] = [None] * len(found)
    for index, span in zip(timed, refined):
        out[index] = span
    return out
