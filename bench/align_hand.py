"""A hand-checked reference for batchalign's real English test clip (`formats/chat/support/test.cha`).

The file's own %wor and bullets come from batchalign2's aligner and are not
ground truth (bench/README.md: 8 of its 75 onsets lie in silence, one stretch
runs ~250 ms ahead of the voice). These timings were read by hand from
wide-band spectrograms (6 ms Hann window, 1 ms hop, 0-8 kHz) and the waveform
of `test.mp3` decoded at 16 kHz, with a 20 ms grid, one 1.6 s view at a time
and zoomed views where needed. No listening: only what the picture shows.

Convention (the TIMIT / Buckeye one): a word starts at its first acoustic
segment; a stop's closure belongs to the stop, so a stop-initial word after
speech starts where the previous sound stops (`to` in `going to`), and after
silence at its burst (`press`); a fricative at the onset of its frication; a
vowel or sonorant after silence at the first glottal pulse; a click or breath
before a word is not part of it (`test` 15410, not the lip click at 15185).
An utterance ends where its last segment ends: the voicing of a final vowel
or nasal stops, or the frication of a final fricative stops (`types` 12900).

Only boundaries the picture decides are labelled: 50 of the 75 timed words.
Left out are boundaries inside continuous voicing with no visible change
(`i like` in creaky voice, `for recording`), one fricative running into
another (`here's some`, `just for`), stops sharing one closure (`test batch`,
`different track`), and a stop after a short gap that may be pause or
closure (`regions divided`). The labeller saw where batchalign2's and our
onsets fell (tick marks, not named) while labelling, so the labels may lean
towards either; each one is where the signal changes, not between the marks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# (index among test.cha's timed %wor words in file order, the word, its onset in ms)
ONSETS = [
    (0, "hello", 115), (1, "i'm", 2555), (2, "going", 2722), (3, "to", 2898), (4, "read", 3000), (5, "some", 3170),
    (6, "random", 3395), (7, "crap", 3762), (8, "as", 4238), (10, "see", 4560), (11, "on", 4735), (12, "the", 4838),
    (13, "screen", 4918), (14, "just", 5410), (16, "test", 5702), (18, "line", 6265), (19, "the", 7250), (20, "primary", 7305),
    (21, "area", 7705), (22, "for", 8130), (25, "and", 9112), (28, "mid", 10110), (29, "and", 10305), (30, "drum", 10545),
    (37, "press", 13330), (38, "command", 13545), (39, "slash", 13810), (40, "for", 14130), (42, "info", 14550), (43, "test", 15410),
    (44, "test", 15652), (45, "i", 16780), (50, "say", 17160), (51, "but", 17497), (52, "um", 17680), (53, "here's", 18385),
    (55, "retracing", 18740), (56, "so", 19380), (57, "just", 19565), (60, "um", 20785), (61, "i", 21340), (63, "i", 22195),
    (65, "i", 22655), (67, "beans", 23645), (68, "beans", 24410), (69, "are", 24680), (70, "fun", 24765), (71, "thank", 25305),
    (73, "very", 25512), (74, "much", 25700),
]  # fmt: skip

# Each utterance with %wor, in file order: (first timed word index, last timed word index, start ms, end ms)
UTTERANCES = [
    (0, 0, 115, 545), (1, 13, 2555, 5390), (14, 18, 5410, 6485), (19, 36, 7250, 12900), (37, 42, 13330, 14950),
    (43, 44, 15410, 16010), (45, 50, 16780, 17495), (51, 55, 17497, 19370), (56, 59, 19380, 20290),
    (60, 67, 20785, 24265), (68, 70, 24410, 25240), (71, 74, 25305, 26000),
]  # fmt: skip

Timed = tuple[str, int, int]


@dataclass(frozen=True)
class HandScore:
    words: int  # hand-labelled onsets with a timed hypothesis word
    onset_mean: float
    onset_median: float
    within: dict[int, float]  # share of onsets within 25 / 50 / 100 ms
    start_bias: float
    end_bias: float
    edge_bias: float
    edge_abs: float
    misses: list[tuple[str, int]]  # (word, signed onset error) beyond 50 ms


def score(timed: list[Timed | None]) -> HandScore:
    """Onsets and utterance edges of `timed` (every timed reference word of test.cha in order, None when
    untimed) against the hand labels. Raises ValueError when the words are not test.cha's."""
    for index, word, _ in ONSETS:
        got = timed[index]
        if got is not None and got[0] != word:
            raise ValueError(f"word {index} is {got[0]!r}, the hand labels have {word!r}")
    pairs = [(word, timed[i][1] - onset) for i, word, onset in ONSETS if (t := timed[i]) is not None and t]
    errors = np.array([e for _, e in pairs], dtype=float)
    starts, ends = [], []
    for first, last, start, end in UTTERANCES:
        head, tail = timed[first], timed[last]
        if head is not None and tail is not None:
            starts.append(head[1] - start)
            ends.append(tail[2] - end)
    edges = np.array(starts + ends, dtype=float)
    magnitude = np.abs(errors)
    return HandScore(
        words=len(pairs),
        onset_mean=float(magnitude.mean()),
        onset_median=float(np.median(magnitude)),
        within={limit: float(np.mean(magnitude <= limit)) for limit in (25, 50, 100)},
        start_bias=float(np.mean(starts)),
        end_bias=float(np.mean(ends)),
        edge_bias=float(edges.mean()),
        edge_abs=float(np.abs(edges).mean()),
        misses=[(word, int(error)) for word, error in pairs if abs(error) > 50],
    )


def row(label: str, s: HandScore) -> str:
    shares = " / ".join(f"{s.within[limit]:.0%}" for limit in (25, 50, 100))
    return (
        f"| {label} | {s.words} | {s.onset_mean:.0f} / {s.onset_median:.0f} | {shares} | "
        f"{s.start_bias:+.0f} / {s.end_bias:+.0f} | {s.edge_bias:+.0f} ({s.edge_abs:.0f}) |"
    )
