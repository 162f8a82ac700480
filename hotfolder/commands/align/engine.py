"""`AlignEngine`: %wor and utterance bullets for each transcript from its recording.

Per file: read the CHAT text; skip it (unchanged but for provenance) when
`@Options` says NoAlign or dummy; refuse a file whose @Languages lacks
English; find and decode the recording; plan windows from the bullets;
align each window's spoken words (long windows in chunks; an utterance whose
bullet window finds no path again with its neighbours, in a wider window);
move word edges onto energy edges; write `%wor` (each word and its bullet)
and the utterance bullet (first word's onset to last word's offset). Every
other tier stays byte for byte. Utterances that still find no path keep their
tiers and bullet and are listed in the receipt, as are words left untimed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from hotfolder.chat import ChatError, ChatFile, Utterance, Word, dumps
from hotfolder.commands.align.edges import refine_edges
from hotfolder.commands.align.lexicon import Lexicon
from hotfolder.commands.align.long import align_long
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.align.plan import Bullet, Window, fallback_window, plan_windows
from hotfolder.commands.align.pronounce import Runner, espeak_runner
from hotfolder.commands.align.sphinx import SphinxAligner, pocketsphinx_version
from hotfolder.commands.align.wordlist import align_words, is_ca
from hotfolder.commands.audio import DEFAULT_RATE, Samples, load_audio
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.media import find_media
from hotfolder.commands.text.reading import read_chat, utc_now
from hotfolder.errors import FailureCategory, FileFailure

COMMAND_NAME = "align"
SKIP_OPTIONS = ("noalign", "dummy")  # batchalign3 leaves such files alone
ENGLISH = "eng"


@dataclass
class _Target:
    utterance: Utterance
    words: list[Word]
    entries: list[str | None]  # dictionary word per spoken word; None: cannot be pronounced
    times: list[Bullet | None] = field(default_factory=list)


def skip_reason(chat: ChatFile) -> str | None:
    """The `@Options` value that makes align leave the file alone, if any."""
    return next((option for option in chat.options if option.lower() in SKIP_OPTIONS), None)


def language_problem(chat: ChatFile, folder_lang: str) -> str | None:
    """Why the file is not English (pocketsphinx ships an English model only), or None."""
    languages = chat.languages or ([] if folder_lang == "auto" else [folder_lang])
    if not languages or ENGLISH in languages:
        return None
    return (
        f"align has an English acoustic model only (pocketsphinx en-us); "
        f"this file's language is {', '.join(languages)}"
    )


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
        if time is None
    ]


class AlignEngine:
    """Aligns transcripts one file at a time; the decoders and guesses live for the worker."""

    def __init__(
        self,
        options: AlignOptions,
        folder_lang: str = ENGLISH,
        aligner: SphinxAligner | None = None,
        runner: Runner | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.options = options
        self.folder_lang = folder_lang
        self.aligner = aligner or SphinxAligner()
        self.lexicon = Lexicon(self.aligner, runner if runner is not None else espeak_runner())
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
        fields = {"engine": "pocketsphinx", "version": pocketsphinx_version()}
        skipped = skip_reason(chat)
        if skipped is not None:
            chat.set_provenance(COMMAND_NAME, {"skipped": f"@Options {skipped}"}, self.clock())
            return self._result(task, chat, {"skipped": f"@Options: {skipped}"})
        problem = language_problem(chat, task.lang or self.folder_lang)
        if problem is not None:
            raise FileFailure(problem, FailureCategory.PROVIDER_TERMINAL)
        media = chat.media
        recording = find_media(task, media.filename if media else None)
        samples = load_audio(recording, DEFAULT_RATE)
        ca = is_ca(chat)
        targets = [self._target(utterance, ca) for utterance in chat.utterances]
        targets = [target for target in targets if target.words]
        lines = [target.utterance.line for target in targets]  # as in the input, before tiers are added
        unplaced = self._align(targets, samples)
        aligned = self._write(chat, targets)
        fields["aligned"] = f"{len(aligned)}/{len(targets)}"
        chat.set_provenance(COMMAND_NAME, fields, self.clock())
        used = {entry for target in targets for entry in target.entries if entry is not None}
        notes = {
            "recording": recording.name,
            "utterances_aligned": len(aligned),
            "unaligned_lines": [line for line, t in zip(lines, targets) if id(t) not in aligned],
            "unplaced_lines": [lines[index] for index in unplaced],
            "unaligned_words": untimed_words(targets, lines),
            "guessed_pronunciations": {k: v for k, v in sorted(self.lexicon.guessed.items()) if k in used},
        }
        return self._result(task, chat, notes)

    def _target(self, utterance: Utterance, ca: bool) -> _Target:
        words = align_words(utterance, ca)
        return _Target(utterance, words, [self.lexicon.entry(word) for word in words], [None] * len(words))

    def _align(self, targets: list[_Target], samples: Samples) -> list[int]:
        """Fill each target's `times`; return the targets whose bullet lies outside the recording."""
        audio_ms = len(samples) * 1000 // DEFAULT_RATE
        plan = plan_windows([t.utterance.bullet for t in targets], audio_ms, self.options.padding_ms)
        for position, window in enumerate(plan.windows):
            if self._align_window(targets, samples, window, window.units) or len(window.units) != 1:
                continue
            # The bullet was too tight or wrong: align the utterance again together with its
            # neighbours (their words take up their own speech), in their windows widened by the padding.
            wider = fallback_window(plan.windows, position, audio_ms, self.options.padding_ms)
            self._align_window(targets, samples, wider, window.units)
        return plan.unplaced

    def _align_window(self, targets: list[_Target], samples: Samples, window: Window, keep: tuple[int, ...]) -> bool:
        """Align the window's words; write the times of the units in `keep`; False when none was timed."""
        slots = [(unit, i) for unit in window.units for i, e in enumerate(targets[unit].entries) if e is not None]
        if not slots:
            return True
        per_ms = DEFAULT_RATE // 1000
        piece = samples[window.start_ms * per_ms : window.end_ms * per_ms]
        words = [targets[u].entries[i] or "" for u, i in slots]
        found = align_long(self._align_piece, piece, DEFAULT_RATE, words)
        timed = [(slot, span) for slot, span in zip(slots, found) if span is not None]
        refined = refine_edges(piece, DEFAULT_RATE, [span for _, span in timed])
        written = False
        for ((unit, i), _), (start, end) in zip(timed, refined):
            if unit in keep:
                targets[unit].times[i] = (window.start_ms + start, window.start_ms + end)
                written = True
        return written

    def _align_piece(self, samples: Samples, words: list[str]) -> list[tuple[int, int]] | None:
        return self.aligner.align(samples, DEFAULT_RATE, words)

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

    def _result(self, task: FileTask, chat: ChatFile, notes: dict[str, object]) -> FileResult:
        output = FileOutput(task.display_path, dumps(chat).encode("utf-8"))
        return FileResult([output], {"pocketsphinx": pocketsphinx_version()}, dict(notes))
