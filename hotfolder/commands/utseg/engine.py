"""The utseg engine: CHAT files in, the same files with over-long utterances cut into sentences.

A batch is parsed language by language: the long utterances of every file
that speak one language go through that pipeline in one stream. A file that
cannot be read, or has utterances in a language with no pipeline, fails alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from spacy.about import __version__ as SPACY_VERSION

from hotfolder.chat import ChatError, ChatFile, dumps
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.morphotag.catalog import PIPELINES
from hotfolder.commands.morphotag.engine import file_lang, utterance_lang
from hotfolder.commands.morphotag.pipelines import LoadedPipeline, Pipelines, fail_needing
from hotfolder.commands.text import batching
from hotfolder.commands.text.batch import BatchEngine, by_language
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.commands.text.reading import utc_now
from hotfolder.commands.utseg.cuts import layout
from hotfolder.commands.utseg.plan import Candidate, pieces
from hotfolder.commands.utseg.rebuild import Piece, splice
from hotfolder.commands.utseg.retag import piece_positions, retag
from hotfolder.commands.utseg.sentences import Segmenter
from hotfolder.errors import FailureCategory, FileFailure

COMMAND_NAME = "utseg"


def no_pipeline_message(lang: str) -> str:
    return f"utseg has no spaCy pipeline for language {lang!r} (it parses: {', '.join(sorted(PIPELINES))})"


@dataclass
class _File:
    task: FileTask
    chat: ChatFile
    lang: str
    candidates: list[Candidate]
    splits: dict[int, list[Piece]] = field(default_factory=dict)
    retag: dict[int, str] = field(default_factory=dict)  # split utterances that had %mor -> their language
    used: dict[str, LoadedPipeline] = field(default_factory=dict)


def is_ca(chat: ChatFile) -> bool:
    return any(option.upper().startswith("CA") for option in chat.options)


def plan(file: int, chat: ChatFile, folder_lang: str, min_words: int) -> list[Candidate]:
    """The utterances with enough words to make two pieces, and a terminator to cut before."""
    found = []
    ca = is_ca(chat)
    for index, utterance in enumerate(chat.utterances):
        words = utterance.mor_words()
        if sum(1 for word in words if not word.is_separator) < 2 * min_words:
            continue
        cuts = layout(utterance.tokens, ca=ca)
        if cuts is not None:
            lang = utterance_lang(utterance, chat, folder_lang)
            found.append(Candidate(file, index, utterance, words, lang, cuts))
    return found


class UtsegEngine(BatchEngine[_File]):
    """Segments batches of CHAT files; pipelines load on first use and stay for the worker's life."""

    def __init__(
        self,
        folder_lang: str,
        min_words: int = 3,
        pipelines: Pipelines | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.folder_lang = folder_lang
        self.min_words = min_words
        self.pipelines = pipelines or Pipelines()
        self.clock = clock
        self._segmenters: dict[str, Segmenter] = {}

    def plan_file(self, index: int, task: FileTask, chat: ChatFile) -> _File:
        lang = task.lang or self.folder_lang
        return _File(task, chat, file_lang(chat, lang), plan(index, chat, lang, self.min_words))

    def run_batch(self, files: dict[int, _File], outcomes: dict[int, Outcome]) -> None:
        candidates = (candidate for entry in files.values() for candidate in entry.candidates)
        for lang, group in by_language(candidates, lambda candidate: candidate.lang).items():
            self._segment(lang, group, files, outcomes)

    def _segment(
        self, lang: str, candidates: list[Candidate], files: dict[int, _File], outcomes: dict[int, Outcome]
    ) -> None:
        pipeline = self.pipelines.get_or_failure(lang, lambda _: no_pipeline_message(lang))
        if isinstance(pipeline, FileFailure):
            fail_needing(pipeline, ((c.file, c.utterance.line) for c in candidates), outcomes)
            return
        segmenter = self._segmenters.setdefault(lang, Segmenter(pipeline.tagger))
        candidates = [candidate for candidate in candidates if candidate.file not in outcomes]
        parsed = per_file_fallback(
            lambda group: segmenter.parse([candidate.words for candidate in group]),
            candidates,
            lambda candidate: candidate.file,
            outcomes,
            "spaCy",
            chunk=batching.PROGRESS_CHUNK,
        )
        for candidate, bounds in zip(candidates, parsed, strict=True):
            if bounds is None:
                continue
            entry = files[candidate.file]
            entry.used[lang] = pipeline
            cut = pieces(candidate, bounds, self.min_words)
            if cut is not None:
                entry.splits[candidate.index] = cut
                if candidate.utterance.tier("mor") is not None:
                    entry.retag[candidate.index] = lang

    @staticmethod
    def _retag(chat: ChatFile, entry: _File) -> int:
        """Fresh %mor/%gra for the pieces of every split utterance that had them; how many pieces."""
        positions = piece_positions({index: len(cut) for index, cut in entry.splits.items()})
        count = 0
        for lang in sorted(set(entry.retag.values())):
            wanted = [p for index, found in entry.retag.items() if found == lang for p in positions[index]]
            count += retag(chat, wanted, entry.used[lang].tagger, lang)
        return count

    def finish_file(self, entry: _File) -> Outcome:
        used = entry.used
        if not used:  # nothing was long enough to parse: the provenance still names the file's pipeline
            pipeline = self.pipelines.get_or_failure(entry.lang, lambda _: no_pipeline_message(entry.lang))
            if isinstance(pipeline, FileFailure):
                return pipeline
            used = {entry.lang: pipeline}
        try:
            chat = splice(entry.chat, entry.splits) if entry.splits else entry.chat
            retagged = self._retag(chat, entry)
            fields = {
                "engine": "spacy",
                "model": ",".join(p.model for p in used.values()),
                "lang": ",".join(used),
                "min_words": str(self.min_words),
            }
            chat.set_provenance(COMMAND_NAME, fields, self.clock())
        except ChatError as exc:
            codes = [exc.code] if exc.code else []
            message = f"utseg produced text CHAT cannot hold: {exc.message}"
            return FileFailure(message, FailureCategory.VALIDATION, codes=codes, line=exc.line)
        engines = {"spacy": SPACY_VERSION} | {p.spec.package: p.version for p in used.values()}
        added = sum(len(cut) - 1 for cut in entry.splits.values())
        notes = {
            "utterances_split": len(entry.splits),
            "utterances_added": added,
            "utterances_retagged": retagged,
            "languages": sorted(used),
        }
        output = FileOutput(entry.task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], engines, notes)
