"""Aligning a long stretch without bullets in overlapping chunks, so memory stays bounded.

One alignment grammar over a whole recording keeps the decoder's search
history for all of it: on 29 minutes of synthesized speech, one piece took
+362 MB and 201 s, chunks +110 MB and 81 s (same accuracy). Instead, the next
`chunk_words` words are aligned in a piece of audio long enough for them at
the stretch's average speaking rate (with slack), only the first
`keep_words` are kept, and of those only the ones ending at least `guard_ms`
before the cut (words near the cut may be squeezed against it when the
speaking rate was misjudged); the next chunk starts where the last kept
word ended. A chunk that finds no
path is retried once on twice the audio; if that fails too, the remaining
words stay untimed. `max_piece_ms` caps every piece (whisper hears at most
30 s at once): a capped piece is treated like any cut, its last words kept
only when they end before the guard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hotfolder.commands.audio import Samples

Span = tuple[int, int]
AlignPiece = Callable[[Samples, list[str]], list[Span] | None]  # ms from the piece's start


@dataclass(frozen=True)
class ChunkSettings:
    single_up_to_ms: int = 120_000  # shorter stretches are aligned in one piece
    chunk_words: int = 60
    keep_words: int = 40
    slack: float = 1.6  # the piece lasts this many times the words' expected duration...
    extra_ms: int = 8_000  # ...plus this
    guard_ms: int = 1_000  # kept words end at least this long before the cut
    max_piece_ms: int | None = None  # no piece (nor a stretch aligned in one) lasts longer


# whisper's one encoder window is 30 s: every piece stays under it, with room for a chunk's slack.
WHISPER_CHUNKS = ChunkSettings(
    single_up_to_ms=28_000, chunk_words=30, keep_words=20, extra_ms=4_000, max_piece_ms=28_000
)


def piece_end(cursor_ms: int, total_ms: int, words_left: int, words_now: int, settings: ChunkSettings) -> int:
    """Where the piece for the next `words_now` of `words_left` words should end."""
    cap = total_ms if settings.max_piece_ms is None else min(total_ms, cursor_ms + settings.max_piece_ms)
    if words_now >= words_left:
        return cap
    per_word = (total_ms - cursor_ms) / words_left
    return min(cap, cursor_ms + int(words_now * per_word * settings.slack) + settings.extra_ms)


def align_long(
    align: AlignPiece, samples: Samples, rate: int, words: list[str], settings: ChunkSettings = ChunkSettings()
) -> list[Span | None]:
    """Spans of every word (ms from the start of `samples`); None for words left untimed."""
    total_ms = len(samples) * 1000 // rate
    if total_ms <= min(settings.single_up_to_ms, settings.max_piece_ms or total_ms):
        found = align(samples, words)
        return [None] * len(words) if found is None else [span for span in found]
    per_ms = rate // 1000
    spans: list[Span | None] = []
    cursor = 0
    while len(spans) < len(words):
        left = len(words) - len(spans)
        now = min(settings.chunk_words, left)
        end = piece_end(cursor, total_ms, left, now, settings)
        found = align(samples[cursor * per_ms : end * per_ms], words[len(spans) : len(spans) + now])
        wider = total_ms if settings.max_piece_ms is None else min(total_ms, cursor + settings.max_piece_ms)
        if found is None and end < wider:
            end = min(wider, cursor + 2 * (end - cursor))
            found = align(samples[cursor * per_ms : end * per_ms], words[len(spans) : len(spans) + now])
        if found is None:
            break
        kept = found if now == left and end >= total_ms else _trusted(found[: settings.keep_words], end - cursor - settings.guard_ms)
        spans.extend((cursor + start, cursor + stop) for start, stop in kept)
        cursor = cursor + kept[-1][1]
    return spans + [None] * (len(words) - len(spans))


def _trusted(spans: list[Span], before_ms: int) -> list[Span]:
    """The spans ending before `before_ms`; at least the first, so that every chunk moves on."""
    trusted = [span for span in spans if span[1] <= before_ms]
    return trusted or spans[:1]
