"""`AlignEngine`: %wor and utterance bullets for each transcript from its recording.

Per file: read the CHAT text; skip it (unchanged but for provenance) when
`@Options` says NoAlign or dummy; route each utterance to the engine of its
language (backends.py: pocketsphinx for English, whisper for every language
whisper knows), and refuse a file none of whose utterances has one; find and
decode the recording; plan windows from the bullets; align each window's
spoken words, per engine and language (long windows in chunks; an utterance
whose bullet window finds no path again with its neighbours, in a wider
window); move word edges onto the signal; write `%wor` (each word and its
bullet) and the utterance bullet (first word's onset to last word's offset).
Every other tier stays byte for byte. Utterances that still find no path, or
whose language has no engine, keep their tiers and bullet and are listed in
the receipt, as are words left untimed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from hotfolder.chat import ChatError, ChatFile, Utterance, Word, dumps
from hotfolder.commands import progress
from hotfolder.commands.align.backends import ENGLISH, Backends, file_lang, load_whisper, utterance_lang
from hotfolder.commands.align.edges import extended_end, final_end, frame_levels
from hotfolder.commands.align.languages import POCKETSPHINX, WHISPER, AlignEngineName, language_problem
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.align.plan import Bullet, Window, fallback_window, join_touching, plan_windows, split_window
from hotfolder.commands.align.pronounce import Runner
from hotfolder.commands.align.sphinx import SphinxAligner
from hotfolder.commands.align.wordlist import align_words, is_ca
from hotfolder.commands.audio import DEFAULT_RATE, Samples, load_audio
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.media import find_media
from hotfolder.commands.text.reading import read_chat, utc_now
from hotfolder.errors import FailureCategory, FileFailure

if TYPE_CHECKING:
    from hotfolder.commands.align.whisper import WhisperAligner

COMMAND_NAME = "align"
SKIP_OPTIONS = ("noalign", "dummy")  # batchalign3 leaves such files alone


@dataclass
class _Target:
    utterance: Utterance
    words: list[Word]
    lang: str
    engine: AlignEngineName | None  # None: no engine knows the language; the utterance stays as it is
    entries: list[str | None]  # what the engine aligns per spoken word; None: nothing to align
    times: list[Bullet | None] = field(default_factory=list)


def skip_reason(chat: ChatFile) -> str | None:
    """The `@Options` value that makes align leave the file alone, if any."""
    return next((option for option in chat.options if option.lower() in SKIP_OPTIONS), None)


def no_engine_problem(targets: list[_Target]) -> str | None:
    """Why a file cannot be aligned at all: none of its utterances' languages has an engine; else None."""
    if not targets or any(target.engine is not None for target in targets):
        return None
    langs = sorted({target.lang for target in targets})
    return "; ".join(language_problem(lang) or lang for lang in langs)


def ordered_bullets(bullets: list[Bullet | None], changed: set[int]) -> list[Bullet | None]:
    """Changed bullets never start before the previous bullet (CHECK 83); ends stay after starts."""
    out: list[Bullet | None] = []
    previous: int | None = None
    for index, bullet in enumerate(bullets):
        if bullet is not None and index in changed and previous is not None and bullet[0] < previous:
            bullet = (previous, max(bullet[1], previous + 1))
        out.append(bullet)
        if bullet is not None:
            previous = bullet[0]
    return out


def untimed_words(targets: list[_Target], lines: list[int]) -> list[dict[str, object]]:
    """Each spoken word left without a bullet (unpronounceable, or no path found), with its line."""
    return [
        {"line": line, "word": word.text}
        for line, target in zip(lines, targets)
        for word, time in zip(target.words, target.times)
        if time is None and target.engine is not None
    ]


def _settle_final_ends(targets: list[_Target], samples: Samples) -> None:
    """Each utterance's last word ends where its voice fades: a pocketsphinx end pulled back out of
    the room's tail (edges.final_end), a whisper end run on through the sound it cut (extended_end),
    never into the next utterance's first word."""
    levels = frame_levels(samples, DEFAULT_RATE)
    audio_ms = len(samples) * 1000 // DEFAULT_RATE
    starts = [min((t[0] for t in target.times if t is not None), default=None) for target in targets]
    for position, target in enumerate(targets):
        timed = [time for time in target.times if time is not None]
        if not timed:
            continue
        index = max(i for i, time in enumerate(target.times) if time is not None)
        last, span = timed[-1], (timed[0][0], timed[-1][1])
        if target.engine == POCKETSPHINX:
            target.times[index] = (last[0], final_end(levels, span, last))
        elif target.engine == WHISPER:
            later = [start for start in starts[position + 1 :] if start is not None and start >= last[1]]
            target.times[index] = (last[0], extended_end(levels, span, last, min(later, default=audio_ms)))


class AlignEngine:
    """Aligns transcripts one file at a time; the decoders and guesses live for the worker."""

    def __init__(
        self,
        options: AlignOptions,
        folder_lang: str = ENGLISH,
        aligner: SphinxAligner | None = None,
        runner: Runner | None = None,
        clock: Callable[[], datetime] = utc_now,
        whisper: Callable[[], WhisperAligner] = load_whisper,
    ) -> None:
        self.options = options
        self.folder_lang = folder_lang
        self.backends = Backends(aligner, runner, whisper)
        self.aligner, self.lexicon = self.backends.sphinx, self.backends.lexicon
        self.clock = clock

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return [self._one(task) for task in tasks]

    def _one(self, task: FileTask) -> Outcome:
        chat = read_chat(task.input_path, task.display_path)
        if isinstance(chat, FileFailure):
            return chat
        try:
            return self._align_file(task, chat)
        except FileFailure as failure:
            return failure
        except ChatError as error:
            codes = [error.code] if error.code else []
            return FileFailure(error.message, FailureCategory.VALIDATION, codes=codes, line=error.line)

    def _align_file(self, task: FileTask, chat: ChatFile) -> FileResult:
        skipped = skip_reason(chat)
        if skipped is not None:
            chat.set_provenance(COMMAND_NAME, {"skipped": f"@Options {skipped}"}, self.clock())
            return self._result(task, chat, {"skipped": f"@Options: {skipped}"}, {POCKETSPHINX})
        self.backends.crossed = False
        ca, default = is_ca(chat), file_lang(chat, task.lang or self.folder_lang)
        targets = [self._target(utterance, ca, utterance_lang(utterance, default)) for utterance in chat.utterances]
        targets = [target for target in targets if target.words]
        problem = no_engine_problem(targets)
        if problem is not None:
            raise FileFailure(problem, FailureCategory.PROVIDER_TERMINAL)
        media = chat.media
        recording = find_media(task, media.filename if media else None)
        samples = load_audio(recording, DEFAULT_RATE)
        lines = [target.utterance.line for target in targets]  # as in the input, before tiers are added
        unplaced = self._align(targets, samples)
        aligned = self._write(chat, targets)
        served = [target for target in targets if target.engine is not None]
        chat.set_provenance(COMMAND_NAME, {**self._engine_fields(served), "aligned": f"{len(aligned)}/{len(served)}"}, self.clock())
        used = {entry for target in targets if target.engine == POCKETSPHINX for entry in target.entries if entry is not None}
        notes = {
            "recording": recording.name,
            "languages": {t.lang: self.backends.label(t.engine) for t in served if t.engine is not None},
            "utterances_aligned": len(aligned),
            "unaligned_lines": [line for line, t in zip(lines, targets) if id(t) not in aligned and t.engine is not None],
            "unplaced_lines": [lines[index] for index in unplaced],
            "unaligned_words": untimed_words(targets, lines),
            "no_engine_lines": [{"line": line, "lang": t.lang} for line, t in zip(lines, targets) if t.engine is None],
            "guessed_pronunciations": {k: v for k, v in sorted(self.lexicon.guessed.items()) if k in used},
        }
        return self._result(task, chat, notes, {t.engine for t in served if t.engine is not None})

    def _engine_fields(self, served: list[_Target]) -> dict[str, str]:
        """Provenance: the engines used and their versions (`pocketsphinx`, `whisper-base`), each language's engine."""
        engines = list(dict.fromkeys(t.engine for t in served if t.engine is not None)) or [POCKETSPHINX]
        fields = {
            "engine": ",".join(self.backends.label(engine) for engine in engines),
            "version": ",".join(self.backends.version(engine) for engine in engines),
        }
        langs = {t.lang: self.backends.label(t.engine) for t in served if t.engine is not None}
        if set(langs) != {ENGLISH}:  # an English file's provenance reads as before whisper was added
            fields["languages"] = ",".join(f"{lang}:{label}" for lang, label in langs.items())
        if self.backends.crossed:  # whisper's edges refined by pocketsphinx where they agree (crossling.py)
            fields["refined"] = f"pocketsphinx {self.backends.version(POCKETSPHINX)}"
        return fields

    def _target(self, utterance: Utterance, ca: bool, lang: str) -> _Target:
        words = align_words(utterance, ca)
        engine = self.backends.engine(lang)
        entries = [None if engine is None else self.backends.entry(engine, word) for word in words]
        return _Target(utterance, words, lang, engine, entries, [None] * len(words))

    def _align(self, targets: list[_Target], samples: Samples) -> list[int]:
        """Fill each target's `times`; return the targets whose bullet lies outside the recording."""
        audio_ms = len(samples) * 1000 // DEFAULT_RATE
        bullets = [t.utterance.bullet for t in targets]
        plan = plan_windows(bullets, audio_ms, self.options.padding_ms)
        voices = [f"{t.utterance.speaker} {t.lang}" if t.engine == POCKETSPHINX else None for t in targets]
        plan = join_touching(plan, bullets, voices, self.options.padding_ms)
        done = 0  # utterances of the windows aligned so far: the file's progress
        for position, window in enumerate(plan.windows):
            progress.advance(done, len(targets))
            done += len(window.units)
            parts = self._split_mixed(targets, samples, window)
            if parts is not None:
                for part in parts:
                    self._align_window(targets, samples, part, part.units)
                continue
            if self._align_window(targets, samples, window, window.units):
                continue
            if window.parts:  # touching bullets found no joint path: each alone, as if never joined
                parts = list(window.parts)
                for index, part in enumerate(parts):
                    if not self._align_window(targets, samples, part, part.units):
                        self._align_wider(targets, samples, parts, index, audio_ms)
            elif len(window.units) == 1:
                self._align_wider(targets, samples, plan.windows, position, audio_ms)
        _settle_final_ends(targets, samples)
        return plan.unplaced

    def _align_wider(self, targets: list[_Target], samples: Samples, windows: list[Window], position: int, audio_ms: int) -> None:
        """An utterance whose bullet's window found no path (the bullet was too tight or wrong), again
        together with its neighbours (their words take up their own speech), in their windows widened
        by the padding."""
        window = windows[position]
        wider = fallback_window(windows, position, audio_ms, self.options.padding_ms)
        self._align_window(targets, samples, wider, window.units)

    def _split_mixed(self, targets: list[_Target], samples: Samples, window: Window) -> list[Window] | None:
        """For a window of several utterances whose languages need different engines: a first pass
        by whisper (it hears every language) over all their words finds where each utterance lies;
        each is then aligned by its own engine there (plan.split_window). None for other windows."""
        units = [targets[unit] for unit in window.units]
        served = [(t.engine, t.lang) for t in units if t.engine is not None and any(e is not None for e in t.entries)]
        whisper_langs = [lang for engine, lang in served if engine == WHISPER]
        if len(set(served)) < 2 or not whisper_langs:
            return None
        slots = [(index, word) for index, t in enumerate(units) if t.engine is not None for word in t.words]
        spoken = [(index, entry) for index, word in slots if (entry := self.backends.entry(WHISPER, word)) is not None]
        per_ms = DEFAULT_RATE // 1000
        piece = samples[window.start_ms * per_ms : window.end_ms * per_ms]
        found = self.backends.align(WHISPER, whisper_langs[0], piece, [entry for _, entry in spoken])
        extents: list[Bullet | None] = []
        for index in range(len(units)):
            spans = [span for (i, _), span in zip(spoken, found) if i == index and span is not None]
            extents.append((window.start_ms + spans[0][0], window.start_ms + spans[-1][1]) if spans else None)
        return split_window(window, extents, self.options.padding_ms)

    def _align_window(self, targets: list[_Target], samples: Samples, window: Window, keep: tuple[int, ...]) -> bool:
        """Align the window's words, each engine and language on its own; write the times of the
        units in `keep`; False when none was timed."""
        groups: dict[tuple[AlignEngineName, str], list[tuple[int, int]]] = {}
        for unit in window.units:
            target = targets[unit]
            for i, entry in enumerate(target.entries):
                if entry is not None and target.engine is not None:
                    groups.setdefault((target.engine, target.lang), []).append((unit, i))
        if not groups:
            return True
        per_ms = DEFAULT_RATE // 1000
        piece = samples[window.start_ms * per_ms : window.end_ms * per_ms]
        written = False
        for (engine, lang), slots in groups.items():
            words = [targets[u].entries[i] or "" for u, i in slots]
            for (unit, i), span in zip(slots, self.backends.align(engine, lang, piece, words)):
                if span is not None and unit in keep:
                    targets[unit].times[i] = (window.start_ms + span[0], window.start_ms + span[1])
                    written = True
        return written

    def _write(self, chat: ChatFile, targets: list[_Target]) -> set[int]:
        """Write %wor and bullets of aligned targets; the ids of those targets."""
        aligned = {id(t): t for t in targets if any(time is not None for time in t.times)}
        utterances = chat.utterances
        new: list[Bullet | None] = []
        changed: set[int] = set()
        by_utterance = {id(t.utterance): t for t in aligned.values()}
        for index, utterance in enumerate(utterances):
            target = by_utterance.get(id(utterance))
            if target is None:
                new.append(utterance.bullet)
                continue
            timed = [time for time in target.times if time is not None]
            new.append((min(t[0] for t in timed), max(t[1] for t in timed)))
            changed.add(index)
            if self.options.wor:
                utterance.set_wor([(word.text, time) for word, time in zip(target.words, target.times)])
            else:
                utterance.remove_tier("wor")  # its timings would contradict the new bullet
        for index, bullet in enumerate(ordered_bullets(new, changed)):
            if index in changed and bullet is not None:
                utterances[index].set_bullet(*bullet)
        return set(aligned)

    def _result(self, task: FileTask, chat: ChatFile, notes: dict[str, object], engines: set[AlignEngineName]) -> FileResult:
        output = FileOutput(task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], self.backends.versions(engines), dict(notes))
