"""The morphotag engine: CHAT files in, the same files with fresh %mor/%gra out.

A batch is tagged language by language: the utterances of every file that
speak one language go through that pipeline in one `nlp.pipe` stream, then the
tiers are written back file by file. A file that cannot be read, speaks a
language with no pipeline, or would come out invalid fails alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from spacy.about import __version__ as SPACY_VERSION

from hotfolder.chat import ChatError, ChatFile, Utterance, Word, dumps
from hotfolder.chat.validate.alignment import check_alignment
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.morphotag.catalog import COMMAND_NAME
from hotfolder.commands.morphotag.pipelines import LoadedPipeline, Pipelines, fail_needing
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.tiers import FORM_CATEGORIES, Slot, build_tiers
from hotfolder.commands.text.batch import BatchEngine, by_language
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.commands.text.reading import utc_now
from hotfolder.errors import FailureCategory, FileFailure

TIERS = ("mor", "gra")


@dataclass
class Job:
    """One utterance to tag: where it is and which pipeline it goes to."""

    file: int
    utterance: Utterance
    words: list[Word]  # the %mor word list, separators included
    lang: str

    @property
    def texts(self) -> list[str]:
        return [word.text or word.raw for word in self.words if not word.is_separator]


@dataclass
class _File:
    task: FileTask
    chat: ChatFile
    default_lang: str
    jobs: list[Job] = field(default_factory=list)
    used: dict[str, LoadedPipeline] = field(default_factory=dict)


def utterance_lang(utterance: Utterance, chat: ChatFile, folder_lang: str) -> str:
    """`[- lang]` precode, then the first of `@Languages`, then the folder's language."""
    return utterance.language or file_lang(chat, folder_lang)


def file_lang(chat: ChatFile, folder_lang: str) -> str:
    languages = chat.languages
    return languages[0] if languages else folder_lang


def plan(index: int, chat: ChatFile, folder_lang: str) -> list[Job]:
    """The utterances of one file that have words to tag, each with its language (see utterance_lang)."""
    default = file_lang(chat, folder_lang)
    jobs = []
    for utterance in chat.utterances:
        words = utterance.mor_words()
        if any(not word.is_separator for word in words):
            jobs.append(Job(index, utterance, words, utterance.language or default))
    return jobs


class Layout(NamedTuple):
    """An utterance's %mor word list lined up with its tagged words (see build_tiers)."""

    slots: list[Slot]
    foreign: frozenset[int]  # code-switched words (`@s`)
    forms: dict[int, str]  # special forms (`@u`): slot -> marker
    compounds: frozenset[int]  # `+` compounds


def slots_of(job: Job, tagged: TaggedUtterance) -> Layout:
    """Line the tagged words up with the %mor word list; also which slots are code-switched, special or compound."""
    slots: list[Slot] = []
    foreign = set()
    compounds = set()
    forms: dict[int, str] = {}
    ranges = iter(tagged.words)
    for index, word in enumerate(job.words):
        if word.is_separator:
            slots.append(word.text)
            continue
        slots.append(next(ranges))
        if word.parts:
            compounds.add(index)
        marker = word.form_marker.split(":")[0] if word.form_marker is not None else None
        if marker == "s":
            foreign.add(index)
        elif marker in FORM_CATEGORIES:
            forms[index] = marker
    return Layout(slots, frozenset(foreign), forms, frozenset(compounds))


class MorphotagEngine(BatchEngine[_File]):
    """Tags batches of CHAT files; pipelines load on first use and stay for the worker's life."""

    def __init__(
        self, folder_lang: str, pipelines: Pipelines | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.folder_lang = folder_lang
        self.pipelines = pipelines or Pipelines()
        self.clock = clock

    def plan_file(self, index: int, task: FileTask, chat: ChatFile) -> _File:
        lang = task.lang or self.folder_lang
        return _File(task, chat, file_lang(chat, lang), plan(index, chat, lang))

    def run_batch(self, files: dict[int, _File], outcomes: dict[int, Outcome]) -> None:
        jobs = (job for entry in files.values() for job in entry.jobs)
        for lang, group in by_language(jobs, lambda job: job.lang).items():
            self._tag_language(lang, group, files, outcomes)

    def _tag_language(
        self, lang: str, jobs: list[Job], files: dict[int, _File], outcomes: dict[int, Outcome]
    ) -> None:
        pipeline = self.pipelines.get_or_failure(lang)
        if isinstance(pipeline, FileFailure):
            fail_needing(pipeline, ((job.file, job.utterance.line) for job in jobs), outcomes)
            return
        jobs = [job for job in jobs if job.file not in outcomes]
        for job, tagged in zip(jobs, self._tag(pipeline, jobs, outcomes), strict=True):
            if tagged is None or job.file in outcomes:
                continue
            try:
                write_tiers(job, tagged)
            except ChatError as exc:
                message = f"morphotag produced a tier CHAT cannot hold: {exc.message}"
                codes = [exc.code] if exc.code else []
                outcomes[job.file] = FileFailure(message, FailureCategory.VALIDATION, codes=codes, line=exc.line)
                continue
            files[job.file].used[lang] = pipeline

    @staticmethod
    def _tag(
        pipeline: LoadedPipeline, jobs: list[Job], outcomes: dict[int, Outcome]
    ) -> list[TaggedUtterance | None]:
        """Tag all jobs in one stream; if the stream breaks, file by file, so one bad file fails alone."""

        def tag(chunk: list[Job]) -> list[TaggedUtterance]:
            return pipeline.tagger.tag([job.texts for job in chunk])

        return per_file_fallback(tag, jobs, lambda job: job.file, outcomes, "spaCy")

    def finish_file(self, entry: _File) -> Outcome:
        chat = entry.chat
        tagged = {id(job.utterance) for job in entry.jobs}
        for utterance in chat.utterances:
            if id(utterance) not in tagged:  # nothing to tag: an old %mor/%gra would be stale
                for name in TIERS:
                    utterance.remove_tier(name)
        if entry.used:
            used = entry.used
        else:  # nothing was tagged: the provenance still names the pipeline of the file's language
            pipeline = self.pipelines.get_or_failure(entry.default_lang)
            if isinstance(pipeline, FileFailure):
                return pipeline
            used = {entry.default_lang: pipeline}
        chat.set_provenance(
            COMMAND_NAME,
            {
                "engine": "spacy",
                "model": ",".join(p.model for p in used.values()),
                "lang": ",".join(used),
            },
            self.clock(),
        )
        problems = list(check_alignment(chat))  # only %mor/%gra are ours to answer for
        if problems:
            message = f"morphotag would write invalid %mor/%gra: {problems[0]}"
            codes = sorted({p.code for p in problems})
            return FileFailure(message, FailureCategory.VALIDATION, codes=codes, line=problems[0].line)
        engines = {"spacy": SPACY_VERSION} | {p.spec.package: p.version for p in used.values()}
        output = FileOutput(entry.task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], engines, {"utterances_tagged": len(entry.jobs), "languages": sorted(used)})


def write_tiers(job: Job, tagged: TaggedUtterance) -> None:
    """Replace the utterance's %mor and %gra with the tagged analysis."""
    layout = slots_of(job, tagged)
    mor, gra = build_tiers(
        layout.slots, tagged.tokens, job.utterance.terminator, job.lang, layout.foreign, layout.forms, layout.compounds
    )
    job.utterance.set_tier("mor", mor)
    job.utterance.set_tier("gra", gra)
