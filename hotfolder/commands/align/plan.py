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
- Neighbours with bullets that touch (less than `padding_ms` between them),
  said by the same speaker in the same language (for engines that gain from it:
  pocketsphinx; whisper's utterance-final ends got worse), are aligned together in
  one window (`join_touching`), at most `JOIN_MAX_MS` long: where one ends
  and the next starts is then found in the signal, not taken from bullets
  that may split a word's tail off (batchalign2's bullets end 150 ms early on
  real speech, and the next utterance's window would take that tail as its
  first word). If the joined window finds no path, each is aligned alone.
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
JOIN_MAX_MS = 20_000  # a joined window no longer than this: bullets stay anchors on long recordings


@dataclass(frozen=True)
class Window:
    start_ms: int
    end_ms: int
    units: tuple[int, ...]  # indices into the planned sequence, aligned together in order
    parts: tuple[Window, ...] = ()  # a joined window: the single windows to fall back on


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


def join_touching(
    plan: Plan, bullets: Sequence[Bullet | None], voices: Sequence[str | None], padding_ms: int, max_ms: int = JOIN_MAX_MS
) -> Plan:
    """`plan` with runs of single-bullet windows joined when their bullets touch and their `voices`
    (speaker and language, one per entry of `bullets`; None: never joined) are the same."""
    out: list[Window] = []
    run: list[Window] = []

    def flush() -> None:
        if len(run) > 1:
            out.append(Window(run[0].start_ms, run[-1].end_ms, tuple(u for w in run for u in w.units), tuple(run)))
        else:
            out.extend(run)
        run.clear()

    for window in plan.windows:
        if run and _joins(run[-1], window, run[0].start_ms, bullets, voices, padding_ms, max_ms):
            run.append(window)
            continue
        flush()
        if len(window.units) == 1 and bullets[window.units[0]] is not None:
            run.append(window)
        else:
            out.append(window)
    flush()
    return Plan(out, plan.unplaced)


def _joins(
    last: Window, window: Window, run_start: int, bullets: Sequence[Bullet | None], voices: Sequence[str | None], padding_ms: int, max_ms: int
) -> bool:
    if len(window.units) != 1 or window.units[0] != last.units[0] + 1:
        return False
    before, after = bullets[last.units[0]], bullets[window.units[0]]
    voice = voices[last.units[0]]
    if before is None or after is None or voice is None or voice != voices[window.units[0]]:
        return False
    return after[0] - before[1] < padding_ms and window.end_ms - run_start <= max_ms


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
