"""Where in the recording each utterance is aligned (pure: bullets in, windows out).

- An utterance with a bullet is aligned alone, in its bullet widened by
  `padding_ms` on each side (bullets from transcription software are rough),
  but only into time no other utterance claims: not into a neighbour's
  bullet, nor into a gap that utterances without bullets fill. A window
  reaching into the previous utterance finds its words there when both say
  the same thing ("give me a kiss" twice in a row).
- A run of utterances without bullets is aligned in one window: from the
  end of the previous bullet to the start of the next one, or to the edges
  of the recording; without any bullet, the whole recording. When the
  neighbours leave less than `padding_ms` between them, the window takes
  both neighbours in.
- A bullet that starts past the end of the recording cannot be placed.
- An utterance whose own window finds no path (its bullet cuts a word off,
  or is wrong) is aligned again with its neighbours, in a window from the
  previous window's start to the next one's end, widened by `padding_ms`:
  an utterance that aligns without bullets must not fail because of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Bullet = tuple[int, int]


@dataclass(frozen=True)
class Window:
    start_ms: int
    end_ms: int
    units: tuple[int, ...]  # indices into the planned sequence, aligned together in order


@dataclass(frozen=True)
class Plan:
    windows: list[Window]
    unplaced: list[int]  # indices whose bullet lies outside the recording


def plan_windows(bullets: Sequence[Bullet | None], audio_ms: int, padding_ms: int) -> Plan:
    """Windows covering every entry of `bullets` (one per utterance to align, in file order)."""
    windows: list[Window] = []
    unplaced: list[int] = []
    placed = [b if b is not None and b[0] < audio_ms and b[0] < b[1] else None for b in bullets]
    following = _next_bullets(placed)
    previous: Bullet | None = None  # the last bullet placed
    run: list[int] = []
    for index, bullet in enumerate(bullets):
        if bullet is None:
            run.append(index)
            continue
        if placed[index] is None:
            unplaced.append(index)
            continue
        follows_run = bool(run)
        if run:
            windows.append(_gap_window(run, previous, bullet, audio_ms, padding_ms))
            run = []
        start = bullet[0] if follows_run else max(0, bullet[0] - padding_ms)
        if previous is not None and not follows_run:
            start = max(start, min(bullet[0], previous[1]))
        before_run = index + 1 < len(bullets) and bullets[index + 1] is None
        end = bullet[1] if before_run else bullet[1] + padding_ms
        after = following[index]
        if after is not None and not before_run:
            end = min(end, max(bullet[1], after[0]))
        windows.append(Window(start, min(end, audio_ms), (index,)))
        previous = bullet
    if run:
        windows.append(_gap_window(run, previous, None, audio_ms, padding_ms))
    return Plan(sorted(windows, key=lambda window: window.units[0]), unplaced)


def fallback_window(windows: Sequence[Window], position: int, audio_ms: int, padding_ms: int) -> Window:
    """Window `position` together with its neighbours in the plan, widened by the padding."""
    group = windows[max(0, position - 1) : position + 2]
    start = max(0, min(w.start_ms for w in group) - padding_ms)
    end = min(audio_ms, max(w.end_ms for w in group) + padding_ms)
    return Window(start, end, tuple(unit for w in group for unit in w.units))


def _next_bullets(placed: list[Bullet | None]) -> list[Bullet | None]:
    """For each index, the first placed bullet after it."""
    out: list[Bullet | None] = [None] * len(placed)
    upcoming: Bullet | None = None
    for index in range(len(placed) - 1, -1, -1):
        out[index] = upcoming
        if placed[index] is not None:
            upcoming = placed[index]
    return out


def _gap_window(run: list[int], before: Bullet | None, after: Bullet | None, audio_ms: int, padding_ms: int) -> Window:
    start = 0 if before is None else before[1]
    end = audio_ms if after is None else min(audio_ms, after[0])
    if end - start < padding_ms:  # neighbours overlap or touch: take both of them in
        start = 0 if before is None else max(0, before[0] - padding_ms)
        end = audio_ms if after is None else min(audio_ms, after[1] + padding_ms)
    return Window(start, max(end, start), tuple(run))


def split_window(window: Window, extents: Sequence[Bullet | None], padding_ms: int) -> list[Window]:
    """One window per unit of `window`, around where a first pass found it (`extents`, one per unit).

    For a stretch without bullets whose utterances need different engines: each
    utterance is aligned again in its extent widened by `padding_ms`, but not
    into its neighbours' extents; a unit the first pass did not find gets the
    gap between its neighbours' extents (the whole window when there is none).
    """
    found = [(index, extent) for index, extent in enumerate(extents) if extent is not None]
    windows = []
    for index, unit in enumerate(window.units):
        before = [extent[1] for i, extent in found if i < index]
        after = [extent[0] for i, extent in found if i > index]
        floor = max(before, default=window.start_ms)
        ceiling = min(after, default=window.end_ms)
        extent = extents[index]
        if extent is not None:
            floor = max(floor, extent[0] - padding_ms, window.start_ms)
            ceiling = min(ceiling, extent[1] + padding_ms, window.end_ms)
            floor, ceiling = min(floor, extent[0]), max(ceiling, extent[1])
        if ceiling <= floor:
            floor, ceiling = window.start_ms, window.end_ms
        windows.append(Window(floor, ceiling, (unit,)))
    return windows
