"""Moving aligned word edges onto the energy edges of the signal.

pocketsphinx's word boundaries fall on its 10 ms frames and its silence model
often swallows a quiet word edge (or a word swallows a short pause). Each
boundary is moved, by at most `max_shift_ms`, onto where the signal clearly
starts or stops: outward while the energy stays above a high threshold,
inward while it is at the noise floor. Between the two thresholds the
aligner's boundary stands, so noisy recordings are left mostly as aligned.
Words never cross their neighbours. Pure: samples and spans in, spans out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hotfolder.commands.audio import Samples

Span = tuple[int, int]  # start_ms, end_ms

HOP_MS = 5
WINDOW_MS = 10


@dataclass(frozen=True)
class EdgeSettings:
    max_shift_ms: int = 150
    above_floor_db: float = 10.0  # "clearly sound": this far above the noise floor...
    below_peak_db: float = 35.0  # ...and no further than this below the word's loudest frame
    floor_margin_db: float = 4.0  # "silence": within this of the noise floor
    min_word_ms: int = 30
    floor_percentile: float = 10.0
    pause_margin_db: float = 6.0  # a pause inside a word: this close to the noise floor...
    min_pause_ms: int = 150  # ...this long (a stop's closure is shorter)
    min_after_ms: int = 100  # and this much of the word after it


def frame_levels(samples: Samples, rate: int) -> npt.NDArray[np.float64]:
    """RMS level in dB of 10 ms windows every 5 ms (frame k starts at k * 5 ms)."""
    hop, window = rate * HOP_MS // 1000, rate * WINDOW_MS // 1000
    count = max(0, (len(samples) - window) // hop + 1)
    if count == 0:
        return np.zeros(0)
    framed = np.lib.stride_tricks.sliding_window_view(samples, window)[::hop][:count].astype(np.float64)
    rms = np.sqrt(np.mean(framed * framed, axis=1))
    return np.asarray(20 * np.log10(rms + 1e-10))


def refine_edges(samples: Samples, rate: int, spans: list[Span], settings: EdgeSettings = EdgeSettings()) -> list[Span]:
    """Word spans (ms from the start of `samples`) moved onto energy edges; same length and order."""
    levels = frame_levels(samples, rate)
    if not spans or levels.size == 0:
        return list(spans)
    floor = float(np.percentile(levels, settings.floor_percentile))
    total_ms = len(samples) * 1000 // rate
    out: list[Span] = []
    for index, (start, end) in enumerate(spans):
        low = out[-1][1] if out else 0
        high = spans[index + 1][0] if index + 1 < len(spans) else total_ms
        first, last = start // HOP_MS, max(start // HOP_MS + 1, end // HOP_MS)
        inside = levels[first : min(last, levels.size)]
        peak = float(inside.max()) if inside.size else float(levels.max())
        loud = max(floor + settings.above_floor_db, peak - settings.below_peak_db)
        quiet = min(floor + settings.floor_margin_db, loud)
        new_end = _move_end(levels, start, end, min(high, end + settings.max_shift_ms), loud, quiet, settings)
        new_start = _move_start(levels, start, new_end, max(low, start - settings.max_shift_ms), loud, quiet, settings)
        new_start = _past_inner_pause(levels, new_start, new_end, floor + settings.pause_margin_db, settings)
        out.append((new_start, max(new_end, new_start + HOP_MS)))
    return out


def _past_inner_pause(levels: npt.NDArray[np.float64], start: int, end: int, quiet: float, s: EdgeSettings) -> int:
    """A word that holds a pause of `min_pause_ms` starts after it: what comes before (a murmur, a
    breath, a click after the previous word) was taken in by the aligner, not said as the word. The
    last such pause counts; at least `min_after_ms` of the word must follow it."""
    first, last = start // HOP_MS, min(levels.size, end // HOP_MS)
    need = s.min_pause_ms // HOP_MS
    run, after = 0, None
    for frame in range(first, last):
        if levels[frame] <= quiet:
            run += 1
        else:
            if run >= need:
                after = frame
            run = 0
    if after is None or (last - after) * HOP_MS < s.min_after_ms:
        return start
    return after * HOP_MS


def _move_end(
    levels: npt.NDArray[np.float64], start: int, end: int, limit: int, loud: float, quiet: float, s: EdgeSettings
) -> int:
    frame = end // HOP_MS  # the first frame after the word
    stop = min(levels.size, limit // HOP_MS)
    moved = frame
    while moved < stop and levels[moved] >= loud:
        moved += 1
    if moved > frame:
        return min(limit, moved * HOP_MS + HOP_MS)  # a frame's centre is 5 ms after its start
    floor_frame = max((start + s.min_word_ms) // HOP_MS, (end - s.max_shift_ms) // HOP_MS)
    while moved - 1 > floor_frame and levels[moved - 1] <= quiet:
        moved -= 1
    return moved * HOP_MS + HOP_MS if moved < frame else end


def _move_start(
    levels: npt.NDArray[np.float64], start: int, end: int, limit: int, loud: float, quiet: float, s: EdgeSettings
) -> int:
    frame = start // HOP_MS
    stop = max(0, -(-limit // HOP_MS))
    moved = frame
    while moved - 1 >= stop and moved - 1 < levels.size and levels[moved - 1] >= loud:
        moved -= 1
    if moved < frame:
        return max(limit, moved * HOP_MS + HOP_MS)
    ceiling = min((end - s.min_word_ms) // HOP_MS, (start + s.max_shift_ms) // HOP_MS, levels.size)
    while moved < ceiling and levels[moved] <= quiet:
        moved += 1
    return moved * HOP_MS + HOP_MS if moved > frame else start


@dataclass(frozen=True)
class FinalEndSettings:
    speech_percentile: float = 90.0  # the utterance's speech level: this percentile of its frame levels...
    below_speech_db: float = 20.0  # ...the voice has ended this far below it (batchalign's convention)
    max_pull_ms: int = 150  # never more than this before the aligner's end
    min_word_ms: int = 30


def final_end(levels: npt.NDArray[np.float64], utterance: Span, last: Span, settings: FinalEndSettings = FinalEndSettings()) -> int:
    """Where an utterance's last word ends: after its last sound louder than `below_speech_db` under
    the utterance's speech level, looking back at most `max_pull_ms` from the aligner's end (a dip
    inside the word, a stop's closure, is passed); never later than that end. On real recordings a
    room tail of 100-150 ms at 10-15 dB over the floor follows the voice and refine_edges' end runs
    into it. 15 dB (nearer batchalign2's ends) cuts synthesized words' true tails."""
    start, end = last
    inside = levels[utterance[0] // HOP_MS : utterance[1] // HOP_MS]
    if inside.size == 0:
        return end
    threshold = float(np.percentile(inside, settings.speech_percentile)) - settings.below_speech_db
    lowest = max((start + settings.min_word_ms) // HOP_MS, (end - settings.max_pull_ms) // HOP_MS)
    frame = min(levels.size, end // HOP_MS)
    if frame <= lowest:
        return end
    # back from the end over the quiet tail: a dip inside the word (a stop's closure) is passed by
    while frame > lowest and levels[frame - 1] < threshold:
        frame -= 1
    return max(start + settings.min_word_ms, min(end, frame * HOP_MS + HOP_MS))


@dataclass(frozen=True)
class ExtendSettings:
    speech_percentile: float = 90.0  # as FinalEndSettings: the utterance's speech level...
    below_speech_db: float = 20.0  # ...and where the voice has ended below it
    max_extend_ms: int = 300  # never more than this after the aligner's end
    max_dip_ms: int = 40  # a dip this short inside the tail (a stop's closure) is passed


def extended_end(
    levels: npt.NDArray[np.float64], utterance: Span, last: Span, limit_ms: int, settings: ExtendSettings = ExtendSettings()
) -> int:
    """Where an utterance's last word ends when the aligner ended it early (whisper's ends do, most
    in a final fricative: `types` /s/, `beans` /z/): on through sound louder than `below_speech_db`
    under the utterance's speech level, at most `max_extend_ms` and never past `limit_ms`; never
    earlier than the aligner's end."""
    end = last[1]
    inside = levels[utterance[0] // HOP_MS : utterance[1] // HOP_MS]
    if inside.size == 0:
        return end
    threshold = float(np.percentile(inside, settings.speech_percentile)) - settings.below_speech_db
    stop = min(levels.size, min(limit_ms, end + settings.max_extend_ms) // HOP_MS)
    frame, heard, dip = end // HOP_MS, end // HOP_MS, 0
    while frame < stop and dip * HOP_MS <= settings.max_dip_ms:
        if levels[frame] >= threshold:
            heard, dip = frame + 1, 0
        else:
            dip += 1
        frame += 1
    return max(end, min(limit_ms, heard * HOP_MS))
