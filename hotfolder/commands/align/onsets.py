"""Moving whisper's word starts onto where the word is heard.

Whisper's cross-attention gives a word the time since the previous word ended:
its raw starts run 200-250 ms early, soaking up the pause before the word,
while its ends fall up to ~100 ms early. So each start moves past the longest
pause (>= `min_pause_ms` of frames near the noise floor) inside the word's
interval when sound follows that pause inside the interval, else onto the
interval's first voiced frame; each end then runs on through the sound it cuts
(at most `max_extend_ms`, never past the next word's start) or, when it lies in
a pause, back to the last voiced frame. Pure: samples and spans in, spans out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hotfolder.commands.align.edges import HOP_MS, frame_levels
from hotfolder.commands.audio import Samples

Span = tuple[int, int]  # start_ms, end_ms


@dataclass(frozen=True)
class OnsetSettings:
    min_pause_ms: int = 50
    above_floor_db: float = 12.0  # voiced: this far above the window's noise floor...
    below_peak_db: float = 45.0  # ...and no further than this below its loudest frame
    floor_percentile: float = 10.0
    min_word_ms: int = 20  # a start never moves closer than this to the word's end
    max_extend_ms: int = 250
    word_pause_ms: int = 100  # a pause this long inside an interval, after sound, ends the word


def voiced_frames(levels: npt.NDArray[np.float64], settings: OnsetSettings = OnsetSettings()) -> npt.NDArray[np.bool_]:
    """Which frames hold sound: clearly above the floor and within reach of the peak."""
    if levels.size == 0:
        return np.zeros(0, dtype=bool)
    floor = float(np.percentile(levels, settings.floor_percentile))
    threshold = max(floor + settings.above_floor_db, float(levels.max()) - settings.below_peak_db)
    return np.asarray(levels > threshold)


def refined_start(voiced: npt.NDArray[np.bool_], span: Span, settings: OnsetSettings = OnsetSettings()) -> int:
    """The start of `span` moved past its longest pause, else onto its first voiced frame; else as it was."""
    start, end = span
    first, last = start // HOP_MS, min(voiced.size, max(start // HOP_MS + 1, end // HOP_MS))
    inside = voiced[first:last]
    if not inside.any():
        return start
    onset = _after_longest_pause(inside, settings.min_pause_ms // HOP_MS)
    if onset is None:
        if inside[0]:  # sound from the first frame: the start is already on it
            return start
        onset = int(np.argmax(inside))
    # The window opens at frame*HOP; sound entering it is heard about one hop in.
    moved = (first + onset) * HOP_MS + HOP_MS
    return max(start, min(moved, end - settings.min_word_ms))


def refined_end(voiced: npt.NDArray[np.bool_], span: Span, limit_ms: int, settings: OnsetSettings = OnsetSettings()) -> int:
    """The end of `span` run on through sound (up to `limit_ms`) or pulled back out of a pause."""
    start, end = span
    first = start // HOP_MS
    frame = min(end // HOP_MS, voiced.size)
    gap = _first_pause(voiced[first:frame], settings.word_pause_ms // HOP_MS)
    if gap is not None:  # the interval runs on past a pause into the next word's sound
        return max(start + settings.min_word_ms, (first + gap) * HOP_MS)
    if frame < voiced.size and voiced[frame]:  # the end cuts sound: follow it
        stop = min(voiced.size, (min(limit_ms, end + settings.max_extend_ms)) // HOP_MS)
        while frame < stop and voiced[frame]:
            frame += 1
        return max(end, min(limit_ms, frame * HOP_MS))
    heard = np.flatnonzero(voiced[first:frame])
    if heard.size and frame - (first + int(heard[-1]) + 1) >= settings.min_pause_ms // HOP_MS:
        return max(start + settings.min_word_ms, (first + int(heard[-1])) * HOP_MS + HOP_MS)
    return end


def refine_spans(samples: Samples, rate: int, spans: list[Span], settings: OnsetSettings = OnsetSettings()) -> list[Span]:
    """`spans` (ms from the start of `samples`) with refined starts and ends; same length and order."""
    voiced = voiced_frames(frame_levels(samples, rate), settings)
    total_ms = len(samples) * 1000 // rate
    starts = [refined_start(voiced, span, settings) if span[1] > span[0] else span[0] for span in spans]
    out: list[Span] = []
    for index, ((start, end), new_start) in enumerate(zip(spans, starts)):
        limit = starts[index + 1] if index + 1 < len(spans) else total_ms
        if end <= start:
            out.append((start, end))
            continue
        out.append((new_start, max(new_start + 1, refined_end(voiced, (new_start, end), max(limit, end), settings))))
    return out


def _after_longest_pause(inside: npt.NDArray[np.bool_], min_frames: int, tie: float = 0.75) -> int | None:
    """Index of the first voiced frame after the longest silent run (>= min_frames) that sound follows.

    Runs at least `tie` times as long as the longest count as ties, and the earliest wins: when
    whisper's interval spans the pause before the word and the one after it, the word follows the first.
    """
    runs: list[tuple[int, int]] = []  # (length, index of the voiced frame after it)
    run = 0
    for index, voiced in enumerate(inside.tolist()):
        if not voiced:
            run += 1
            continue
        if run >= max(1, min_frames):
            runs.append((run, index))
        run = 0
    if not runs:
        return None
    longest = max(length for length, _ in runs)
    return next(onset for length, onset in runs if length >= tie * longest)


def _first_pause(inside: npt.NDArray[np.bool_], min_frames: int) -> int | None:
    """Index of the first silent frame of the first run of >= min_frames that follows sound."""
    heard, run = False, 0
    for index, voiced in enumerate(inside.tolist()):
        if voiced:
            heard, run = True, 0
        elif heard:
            run += 1
            if run >= min_frames:
                return index - run + 1
    return None
