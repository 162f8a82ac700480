"""The morphotag engine: CHAT files in, the same files with fresh %mor (and %gra where the engine parses) out.

A batch is tagged language by language: the utterances of every file that
speak one language go through that language's engine in one stream, then the
tiers are written back file by file. An engine that tags but does not parse
gives %mor only; the utterance's old %gra goes with its old %mor. An
utterance in a language this host has no engine for keeps its tiers and is
counted in the receipt; its file fails only when nothing in it could be
tagged. A file that cannot be read or would come out invalid fails alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from hotfolder.chat import ChatError, ChatFile, Utterance, Word, dumps
from hotfolder.chat.validate.alignment import check_alignment
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.analyzers import Analyzers, fail_needing
from hotfolder.commands.morphotag.catalog import COMMAND_NAME, NoEngine
from hotfolder.commands.morphotag.languages import LANGUAGES
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.tiers import FORM_CATEGORIES, Slot, build_tiers
from hotfolder.commands.text import batching
from hotfolder.commands.text.batch import BatchEngine, by_language
from hotfolder.commands.text.batching import per_file_fallback
from hotfolder.commands.text.reading import utc_now
from hotfolder.errors import FailureCategory, FileFailure

TIERS = ("mor", "gra")


@dataclass
class Job:
    """One utterance to tag: where it is and which engine it goes to."""

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
    used: dict[str, Analyzer] = field(default_factory=dict)
    written: set[int] = field(default_factory=set)  # id() of the utterances given fresh tiers
    unserved: dict[str, list[Job]] = field(default_factory=dict)  # language -> its utterances no engine tags here


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
    """Tags batches of CHAT files; engines load on first use and stay for the worker's life."""

    def __init__(
        self, folder_lang: str, analyzers: Analyzers | None = None, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.folder_lang = folder_lang
        self.analyzers = analyzers or Analyzers()
        self.clock = clock
        self._unserved: dict[str, NoEngine] = {}

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
        analyzer = self.analyzers.lookup(lang)
        if isinstance(analyzer, NoEngine):  # counted, left as they are; finish_file decides the file
            self._unserved[lang] = analyzer
            for job in jobs:
                files[job.file].unserved.setdefault(lang, []).append(job)
            return
        if isinstance(analyzer, FileFailure):
            fail_needing(analyzer, ((job.file, job.utterance.line) for job in jobs), outcomes)
            return
        jobs = [job for job in jobs if job.file not in outcomes]
        for job, tagged in zip(jobs, self._tag(analyzer, jobs, outcomes), strict=True):
            if tagged is None or job.file in outcomes:
                continue
            if len(tagged.words) != len(job.texts) or any(not r or r.stop > len(tagged.tokens) for r in tagged.words):
                message = f"the {lang!r} engine gave {len(tagged.words)} words for {len(job.texts)}; on line {job.utterance.line}"
                outcomes[job.file] = FileFailure(message, FailureCategory.PROVIDER_TERMINAL, line=job.utterance.line)
                continue
            try:
                write_tiers(job, tagged, analyzer.parses)
            except ChatError as exc:
                message = f"morphotag produced a tier CHAT cannot hold: {exc.message}"
                codes = [exc.code] if exc.code else []
                outcomes[job.file] = FileFailure(message, FailureCategory.VALIDATION, codes=codes, line=exc.line)
                continue
            files[job.file].used[lang] = analyzer
            files[job.file].written.add(id(job.utterance))

    @staticmethod
    def _tag(analyzer: Analyzer, jobs: list[Job], outcomes: dict[int, Outcome]) -> list[TaggedUtterance | None]:
        """Tag all jobs in one stream; if the stream breaks, file by file, so one bad file fails alone."""

        def tag(chunk: list[Job]) -> list[TaggedUtterance]:
            return analyzer.tag([job.texts for job in chunk])

        return per_file_fallback(tag, jobs, lambda job: job.file, outcomes, engine_name(analyzer), chunk=batching.PROGRESS_CHUNK)

    def finish_file(self, entry: _File) -> Outcome:
        chat = entry.chat
        planned = {id(job.utterance) for job in entry.jobs}
        for utterance in chat.utterances:
            if id(utterance) not in planned:  # nothing to tag: an old %mor/%gra would be stale
                for name in TIERS:
                    utterance.remove_tier(name)
        used = entry.used
        if not used and entry.unserved:  # nothing could be tagged: the file fails, naming why
            lang, jobs = next(iter(entry.unserved.items()))
            line = jobs[0].utterance.line
            message = f"{self._unserved[lang]}; needed by the utterance on line {line}"
            return FileFailure(message, FailureCategory.VALIDATION, line=line)
        if not used:  # nothing to tag: the provenance still names the engine of the file's language
            analyzer = self.analyzers.lookup(entry.default_lang)
            if isinstance(analyzer, NoEngine):
                return FileFailure(str(analyzer), FailureCategory.VALIDATION)
            if isinstance(analyzer, FileFailure):
                return analyzer
            used = {entry.default_lang: analyzer}
        report = Report.of(used, entry.unserved, self._unserved)
        chat.set_provenance(COMMAND_NAME, report.provenance(), self.clock())
        written = [u for u in chat.utterances if id(u) in entry.written]
        ours = {record.line for u in written for record in u.records}
        problems = [p for p in check_alignment(chat) if p.line in ours]  # only the tiers we wrote are ours to answer for
        if problems:
            message = f"morphotag would write invalid %mor/%gra: {problems[0]}"
            codes = sorted({p.code for p in problems})
            return FileFailure(message, FailureCategory.VALIDATION, codes=codes, line=problems[0].line)
        engines = {name: version for a in used.values() for name, version in a.versions.items()}
        output = FileOutput(entry.task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], engines, {"utterances_tagged": len(written), **report.notes()})


def engine_name(analyzer: Analyzer) -> str:
    """What failure messages and provenance call the engine: `spaCy` for pipelines, else its model's package."""
    return "spaCy" if "spacy" in analyzer.versions else analyzer.model.rsplit("-", 1)[0]


@dataclass(frozen=True)
class Report:
    """What a tagged file's provenance and receipt say about its languages."""

    used: dict[str, Analyzer]
    untagged: dict[str, int]  # language -> utterances left untagged
    reasons: dict[str, str]

    @classmethod
    def of(cls, used: dict[str, Analyzer], unserved: dict[str, list[Job]], why: dict[str, NoEngine]) -> Report:
        return cls(used, {lang: len(jobs) for lang, jobs in unserved.items()}, {lang: str(why[lang]) for lang in unserved})

    @property
    def no_gra(self) -> list[str]:
        return [lang for lang, analyzer in self.used.items() if not analyzer.parses]

    def provenance(self) -> dict[str, str]:
        fields = {
            "engine": ",".join(dict.fromkeys(_family(lang) for lang in self.used)),
            "model": ",".join(a.model for a in self.used.values()),
            "lang": ",".join(self.used),
        }
        if self.no_gra:
            fields["gra"] = "no %gra for " + ",".join(self.no_gra)
        if self.untagged:
            fields["untagged"] = ",".join(f"{lang}:{n}" for lang, n in self.untagged.items())
        return fields

    def notes(self) -> dict[str, object]:
        notes: dict[str, object] = {"languages": sorted(self.used)}
        if self.no_gra:
            notes["no_gra"] = f"no %gra for {', '.join(self.no_gra)}"
        if self.untagged:
            notes["utterances_untagged"] = dict(self.untagged)
            notes["untagged_because"] = dict(self.reasons)
        return notes


def _family(lang: str) -> str:
    spec = LANGUAGES.get(lang)
    return "spacy" if spec is None or spec.kind == "spacy" else spec.target


def write_tiers(job: Job, tagged: TaggedUtterance, parses: bool = True) -> None:
    """Replace the utterance's %mor (and %gra, or remove it when the engine does not parse)."""
    layout = slots_of(job, tagged)
    mor, gra = build_tiers(
        layout.slots, tagged.tokens, job.utterance.terminator, job.lang, layout.foreign, layout.forms, layout.compounds, parses
    )
    job.utterance.set_tier("mor", mor)
    if parses:
        job.utterance.set_tier("gra", gra)
    else:
        job.utterance.remove_tier("gra")
