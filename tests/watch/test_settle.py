"""Settling rules: pure, with the monotonic clock passed in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotfolder.watch.settle import Observation, StatKey, is_settled, observe

K = StatKey(size=10, mtime_ns=1_000, inode=7)


@pytest.mark.parametrize(
    ("key", "resets"),
    [
        (K, False),
        (StatKey(11, 1_000, 7), True),  # grew
        (StatKey(10, 1_001, 7), True),  # rewritten in place, same size
        (StatKey(10, 1_000, 8), True),  # replaced by a rename
        (StatKey(10, -5_000_000_000_000, 7), True),  # mtime jumped into the past
    ],
)
def test_observe_resets_stable_since_on_any_key_change(key: StatKey, resets: bool) -> None:
    first = observe(None, K, now=100.0)
    later = observe(first, key, now=103.0)
    assert later.stable_since == (103.0 if resets else 100.0)
    assert later.key == key


@pytest.mark.parametrize(
    ("stable_since", "now", "settle_s", "settled"),
    [
        (100.0, 100.0, 5.0, False),
        (100.0, 104.999, 5.0, False),
        (100.0, 105.0, 5.0, True),
        (100.0, 500.0, 5.0, True),
        (100.0, 100.0, 0.0, True),  # settle_s 0: taken as soon as seen
    ],
)
def test_is_settled(stable_since: float, now: float, settle_s: float, settled: bool) -> None:
    assert is_settled(Observation(K, stable_since), now, settle_s) is settled


@pytest.mark.parametrize("mtime_ns", [0, 2**62, -(2**40), 4_102_444_800_000_000_000])  # 2100-01-01
def test_mtime_far_from_the_clock_does_not_matter(mtime_ns: int) -> None:
    key = StatKey(1, mtime_ns, 1)
    obs = observe(None, key, now=50.0)
    obs = observe(obs, key, now=51.0)
    assert not is_settled(obs, 54.9, 5.0)
    assert is_settled(obs, 55.0, 5.0)


keys = st.builds(StatKey, st.integers(0, 2**40), st.integers(-(2**62), 2**62), st.integers(0, 2**40))


@given(
    start=keys,
    steps=st.lists(st.tuples(keys, st.floats(0.0, 1_000.0)), min_size=1, max_size=40),
    settle_s=st.floats(0.001, 600.0),
)
def test_a_file_whose_key_keeps_changing_is_never_settled(
    start: StatKey, steps: list[tuple[StatKey, float]], settle_s: float
) -> None:
    now, previous = 0.0, start
    obs = observe(None, start, now)
    for key, gap in steps:
        # Each scan sees a different key, however long the gap since the last one.
        if key == previous:
            key = StatKey(key.size + 1, key.mtime_ns, key.inode)
        now += gap
        obs = observe(obs, key, now)
        previous = key
        assert obs.stable_since == now
        assert not is_settled(obs, now, settle_s)
