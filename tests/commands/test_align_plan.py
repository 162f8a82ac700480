"""Pure parts of align: windows from bullets, bullet order, energy edges, skip and language rules."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from hotfolder.chat import loads
from hotfolder.commands.align.backends import file_lang, utterance_lang
from hotfolder.commands.align.edges import EdgeSettings, FinalEndSettings, extended_end, final_end, frame_levels, refine_edges
from hotfolder.commands.align.engine import ordered_bullets, skip_reason
from hotfolder.commands.align.plan import Bullet, Window, fallback_window, join_touching, plan_windows, split_window

P = 500  # padding


@pytest.mark.parametrize(
    ("bullets", "audio_ms", "windows", "unplaced"),
    [
        # one bulleted utterance: padded, clipped to the recording
        ([(1000, 2000)], 10_000, [Window(500, 2500, (0,))], []),
        ([(200, 9900)], 10_000, [Window(0, 10_000, (0,))], []),
        # neighbours: padding goes into gaps, never into the next or previous bullet
        ([(1000, 2000), (2100, 3000)], 10_000, [Window(500, 2100, (0,)), Window(2000, 3500, (1,))], []),
        ([(1000, 2000), (1800, 3000)], 10_000, [Window(500, 2000, (0,)), Window(1800, 3500, (1,))], []),
        # no bullets at all: the whole recording, all together
        ([None, None], 8000, [Window(0, 8000, (0, 1))], []),
        # a run without bullets between two bullets: the gap between them, which the bullets leave it
        (
            [(1000, 2000), None, None, (6000, 7000)],
            10_000,
            [Window(500, 2000, (0,)), Window(2000, 6000, (1, 2)), Window(6000, 7500, (3,))],
            [],
        ),
        # leading and trailing runs reach the edges of the recording
        ([None, (4000, 5000), None], 9000, [Window(0, 4000, (0,)), Window(4000, 5000, (1,)), Window(5000, 9000, (2,))], []),
        # touching neighbours leave no gap for the run: it takes both neighbours in
        ([(1000, 2000), None, (2000, 3000)], 9000, [Window(500, 2000, (0,)), Window(500, 3500, (1,)), Window(2000, 3500, (2,))], []),
        # bullets past the end of the recording, or backwards, cannot be placed
        ([(1000, 2000), (12_000, 13_000), (3000, 2500)], 10_000, [Window(500, 2500, (0,))], [1, 2]),
    ],
)
def test_plan_windows(bullets: list[Bullet | None], audio_ms: int, windows: list[Window], unplaced: list[int]) -> None:
    plan = plan_windows(bullets, audio_ms, P)
    assert plan.windows == windows
    assert plan.unplaced == unplaced


@pytest.mark.parametrize(
    ("bullets", "voices", "joined"),
    [
        # touching (less than the padding between them), one speaker: one window, its parts kept
        ([(1000, 2000), (2100, 3000)], ["A", "A"], [(500, 3500, (0, 1))]),
        ([(1000, 2000), (1800, 3000), (3000, 4000)], ["A", "A", "A"], [(500, 4500, (0, 1, 2))]),
        # another speaker or language, or a gap of the padding or more: alone, as planned
        ([(1000, 2000), (2100, 3000)], ["A", "B"], [(500, 2100, (0,)), (2000, 3500, (1,))]),
        ([(1000, 2000), (2100, 3000)], [None, None], [(500, 2100, (0,)), (2000, 3500, (1,))]),
        ([(1000, 2000), (2500, 3000)], ["A", "A"], [(500, 2500, (0,)), (2000, 3500, (1,))]),
        # a run without bullets between them is not joined over
        ([(1000, 2000), None, (2000, 3000)], ["A", "A", "A"], [(500, 2000, (0,)), (500, 3500, (1,)), (2000, 3500, (2,))]),
        # no longer than JOIN_MAX_MS (20 s): a new window starts where the next would pass it
        (
            [(0, 9000), (9100, 18_000), (18_100, 27_000)],
            ["A", "A", "A"],
            [(0, 18_100, (0, 1)), (18_000, 27_500, (2,))],
        ),
    ],
)
def test_join_touching(bullets: list[Bullet | None], voices: list[str | None], joined: list[tuple[int, int, tuple[int, ...]]]) -> None:
    plan = plan_windows(bullets, 30_000, P)
    out = join_touching(plan, bullets, voices, P)
    assert [(w.start_ms, w.end_ms, w.units) for w in out.windows] == joined
    for window in out.windows:  # a joined window falls back on exactly the windows it joined
        if window.parts:
            assert [u for part in window.parts for u in part.units] == list(window.units)
            assert all(part in plan.windows for part in window.parts)


def test_every_utterance_is_planned_once() -> None:
    bullets: list[Bullet | None] = [None, (100, 900), None, None, (5000, 5600), (20_000, 21_000), None]
    plan = plan_windows(bullets, 10_000, P)
    units = [unit for window in plan.windows for unit in window.units] + plan.unplaced
    assert sorted(units) == list(range(len(bullets)))
    assert all(0 <= w.start_ms <= w.end_ms <= 10_000 for w in plan.windows)


@pytest.mark.parametrize(
    ("bullets", "changed", "expected"),
    [
        ([(0, 10), (5, 20)], {0, 1}, [(0, 10), (5, 20)]),
        ([(100, 200), (50, 300)], {1}, [(100, 200), (100, 300)]),
        ([(100, 200), (50, 80)], {1}, [(100, 200), (100, 101)]),
        ([(100, 200), (50, 80)], {0}, [(100, 200), (50, 80)]),  # not ours: left as the file had it
        ([(100, 200), None, (50, 80)], {2}, [(100, 200), None, (100, 101)]),
    ],
)
def test_ordered_bullets(bullets: list[Bullet | None], changed: set[int], expected: list[Bullet | None]) -> None:
    assert ordered_bullets(bullets, changed) == expected


def _chat(headers: str) -> str:
    return f"@UTF8\n@Begin\n{headers}*CHI:\thi .\n@End\n"


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ("", None),
        ("@Options:\tNoAlign\n", "NoAlign"),
        ("@Options:\tCA, noalign\n", "noalign"),
        ("@Options:\tdummy\n", "dummy"),
        ("@Options:\tCA\n", None),
    ],
)
def test_skip_reason(headers: str, expected: str | None) -> None:
    assert skip_reason(loads(_chat(headers))) == expected


@pytest.mark.parametrize(
    ("headers", "main", "folder", "expected"),
    [
        ("@Languages:\teng\n", "hi .", "spa", "eng"),
        ("@Languages:\tspa, eng\n", "hola .", "eng", "spa"),  # the first of @Languages
        ("@Languages:\tspa, eng\n", "[- eng] hi .", "spa", "eng"),  # the precode wins
        ("", "hola .", "spa", "spa"),  # no @Languages: the folder's
        ("", "hi .", "auto", "eng"),  # ... and 'auto' with nothing to go by: English, as before
        ("@Languages:\tfra\n", "salut .", "auto", "fra"),
    ],
)
def test_utterance_language(headers: str, main: str, folder: str, expected: str) -> None:
    chat = loads(f"@UTF8\n@Begin\n{headers}*CHI:\t{main}\n@End\n")
    assert utterance_lang(chat.utterances[0], file_lang(chat, folder)) == expected


@pytest.mark.parametrize(
    ("extents", "expected"),
    [
        # each found unit: its extent widened by the padding, not into its neighbours' extents
        ([(1000, 3000), (3200, 6000), (7000, 9000)], [(500, 3200), (3000, 6500), (6500, 9500)]),
        # a unit the first pass missed: the gap between its neighbours' extents
        ([(1000, 3000), None, (7000, 9000)], [(500, 3500), (3000, 7000), (6500, 9500)]),
        # none found: every unit in the whole window
        ([None, None, None], [(0, 10000)] * 3),
        # overlapping extents: each still holds its own
        ([(1000, 4000), (3000, 6000), (7000, 9000)], [(500, 4000), (3000, 6500), (6500, 9500)]),
    ],
)
def test_split_window(extents: list[Bullet | None], expected: list[Bullet]) -> None:
    window = Window(0, 10000, (4, 5, 6))
    parts = split_window(window, extents, P)
    assert [(w.start_ms, w.end_ms) for w in parts] == expected and [w.units for w in parts] == [(4,), (5,), (6,)]


# -- energy edges ------------------------------------------------------------------

RATE = 16000


def _signal(parts: list[tuple[int, float]], noise_db: float | None = None) -> npt.NDArray[np.float32]:
    """Concatenated stretches of (duration_ms, tone amplitude; 0 = silence)."""
    chunks = []
    for ms, amplitude in parts:
        t = np.arange(ms * RATE // 1000) / RATE
        chunks.append((amplitude * np.sin(2 * np.pi * 300 * t)).astype(np.float32))
    samples = np.concatenate(chunks)
    if noise_db is not None:
        samples += np.random.default_rng(3).normal(0, 10 ** (noise_db / 20), len(samples)).astype(np.float32)
    return samples


def test_frame_levels() -> None:
    levels = frame_levels(_signal([(100, 0.0), (100, 0.5)]), RATE)
    assert len(levels) == (3200 - 160) // 80 + 1
    assert levels[0] < -150 and levels[-1] == pytest.approx(20 * np.log10(0.5 / np.sqrt(2)), abs=0.1)


@pytest.mark.parametrize("noise_db", [None, -60.0])
def test_edges_move_onto_the_sound(noise_db: float | None) -> None:
    # words truly at 300-600 and 800-1000 ms
    samples = _signal([(300, 0), (300, 0.3), (200, 0), (200, 0.3), (300, 0)], noise_db)
    refined = refine_edges(samples, RATE, [(340, 540), (760, 1040)])  # too narrow, then too wide
    assert [(abs(s - t0) <= 10, abs(e - t1) <= 10) for (s, e), (t0, t1) in zip(refined, [(300, 600), (800, 1000)])] == [
        (True, True),
        (True, True),
    ]


def test_edges_move_at_most_max_shift_and_never_cross() -> None:
    samples = _signal([(100, 0), (900, 0.3), (100, 0)])  # one long sound: two words inside it
    refined = refine_edges(samples, RATE, [(400, 500), (520, 700)], EdgeSettings(max_shift_ms=150))
    (s0, e0), (s1, e1) = refined
    assert 250 <= s0 <= 255 and e0 == 520  # start pulled back by the maximum (to a frame centre); end stops at the next word
    assert s1 == 520 and e1 == 850
    assert e0 <= s1


def test_a_word_holding_a_long_pause_starts_after_it() -> None:
    # the aligner gave one word a murmur (300-400 ms), a 200 ms pause and the word itself (600-900 ms)
    samples = _signal([(300, 0), (100, 0.05), (200, 0), (300, 0.3), (300, 0)], noise_db=-60)
    assert abs(refine_edges(samples, RATE, [(300, 900)])[0][0] - 600) <= 10
    # a stop's closure (80 ms) is no pause, and a pause with too little of the word after it moves nothing
    closure = _signal([(300, 0), (100, 0.3), (80, 0), (300, 0.3), (300, 0)], noise_db=-60)
    assert abs(refine_edges(closure, RATE, [(300, 780)])[0][0] - 300) <= 10
    late = _signal([(300, 0), (300, 0.3), (200, 0), (60, 0.3), (300, 0)], noise_db=-60)
    assert abs(refine_edges(late, RATE, [(300, 860)])[0][0] - 300) <= 10


def test_edges_leave_a_buried_boundary_alone() -> None:
    # the word's quiet tail is between "clearly sound" and the noise floor: the aligner's end stands
    samples = _signal([(200, 0), (300, 0.3), (200, 0.0056), (300, 0)], noise_db=-55)
    assert refine_edges(samples, RATE, [(200, 600)])[0][1] == 600


def _levels(*runs: tuple[int, float]) -> npt.NDArray[np.float64]:
    """Frame levels (dB, one per 5 ms) from runs of (duration_ms, level)."""
    return np.concatenate([np.full(ms // 5, level) for ms, level in runs])


@pytest.mark.parametrize(
    ("levels", "last", "end"),
    [
        # speech at -20 dB to 500 ms, a room tail 25 dB down to 650, then the floor: the end leaves the tail
        (_levels((500, -20), (150, -45), (300, -60)), (300, 650), 505),
        # a tail only 15 dB down is still voice (threshold: 20 dB below the speech level): the end stands
        (_levels((500, -20), (150, -35), (300, -60)), (300, 650), 650),
        # a dip inside the word (a stop's closure at 500-550 ms, its release to 600) is passed: the end follows the release
        (_levels((500, -20), (50, -60), (50, -20), (350, -60)), (300, 700), 605),
        # the voice runs to the aligner's end: never later than it, even when sound follows
        (_levels((650, -20), (300, -20)), (300, 650), 650),
        # the voice faded long before the aligner's end: pulled back at most max_pull_ms (150)
        (_levels((400, -20), (550, -60)), (300, 650), 505),
        # a short last word keeps min_word_ms (30) even when it is all below the threshold
        (_levels((500, -20), (450, -60)), (600, 650), 635),
    ],
)
def test_final_end_falls_where_the_voice_does(levels: npt.NDArray[np.float64], last: tuple[int, int], end: int) -> None:
    assert final_end(levels, (0, last[1]), last) == end


@pytest.mark.parametrize(
    ("levels", "last", "limit", "end"),
    [
        # the aligner ended at 400 inside a fricative 15 dB down that runs to 550: the end follows it
        (_levels((400, -20), (150, -35), (400, -60)), (300, 400), 10_000, 550),
        # a stop's closure (30 ms at the floor) inside the tail is passed, a pause (60 ms) is not
        (_levels((400, -20), (30, -60), (100, -30), (400, -60)), (300, 400), 10_000, 530),
        (_levels((400, -20), (60, -60), (100, -30), (400, -60)), (300, 400), 10_000, 400),
        # sound all along: at most max_extend_ms (300) on, and never past the next utterance (limit)
        (_levels((2000, -20)), (300, 400), 10_000, 700),
        (_levels((2000, -20)), (300, 400), 480, 480),
        # already at the floor, or a room tail 25 dB down: the end stands (never earlier)
        (_levels((400, -20), (150, -45), (400, -60)), (300, 400), 10_000, 400),
    ],
)
def test_extended_end_runs_on_through_the_sound_cut(levels: npt.NDArray[np.float64], last: tuple[int, int], limit: int, end: int) -> None:
    assert extended_end(levels, (0, last[1]), last, limit) == end


def test_final_end_settings_and_empty_span() -> None:
    levels = _levels((500, -20), (150, -45), (300, -60))
    assert final_end(levels, (0, 650), (300, 650), FinalEndSettings(below_speech_db=30.0)) == 650  # -45 is voice at 30 dB
    assert final_end(levels, (0, 650), (300, 650), FinalEndSettings(max_pull_ms=50)) == 605
    assert final_end(levels, (5000, 5100), (5000, 5100)) == 5100  # past the recording: as aligned


def test_fallback_window_takes_the_neighbours_in() -> None:
    windows = [Window(500, 2000, (0,)), Window(2000, 3000, (1,)), Window(3000, 6000, (2, 3)), Window(6000, 7500, (4,))]
    assert fallback_window(windows, 1, 10_000, P) == Window(0, 6500, (0, 1, 2, 3))
    assert fallback_window(windows, 3, 7_600, P) == Window(2500, 7600, (2, 3, 4))
    assert fallback_window(windows[:1], 0, 10_000, P) == Window(0, 2500, (0,))
