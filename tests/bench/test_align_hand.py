"""The hand-checked reference of test.cha (bench/align_hand.py) fits the file it labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.align_hand import ONSETS, UTTERANCES, score
from hotfolder.chat import loads
from hotfolder.commands.utseg.timing import parse_wor

TEST_CHA = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/formats/chat/support/test.cha"


def _own_timings() -> list[tuple[str, int, int] | None]:
    chat = loads(TEST_CHA.read_text(encoding="utf-8"))
    return [(word.lower(), *times) for u in chat.utterances for word, times in parse_wor(u.tier("wor") or "") if times]


def test_labels_name_the_files_own_words_in_order() -> None:
    timed = _own_timings()
    assert len(timed) == 75
    assert [timed[i][0] for i, _, _ in ONSETS if timed[i]] == [word for _, word, _ in ONSETS]
    assert [i for i, _, _ in ONSETS] == sorted({i for i, _, _ in ONSETS})
    for first, last, start, end in UTTERANCES:  # an utterance's hand edges hold its labelled onsets
        assert all(start <= onset < end for i, _, onset in ONSETS if first <= i <= last)


def test_scores_the_files_own_timings_and_a_perfect_hypothesis() -> None:
    own = score(_own_timings())
    assert own.words == len(ONSETS) and own.within[50] < 0.6  # batchalign2's timings, as measured
    timed = _own_timings()
    exact = list(timed)
    for i, word, onset in ONSETS:
        exact[i] = (word, onset, onset + 50)
    for first, last, start, end in UTTERANCES:
        head, tail = exact[first], exact[last]
        assert head is not None and tail is not None
        exact[first], exact[last] = (head[0], start, head[2]), (tail[0], tail[1], end)
    perfect = score(exact)
    assert perfect.within[25] == 1.0 and perfect.edge_abs == 0 and not perfect.misses


def test_refuses_a_hypothesis_of_other_words() -> None:
    timed = _own_timings()
    with pytest.raises(ValueError, match="word 1 is"):
        score([timed[0], *timed[2:], None])
