"""transcribe's pure parts: engine tokens -> CHAT words -> utterances with safe bullets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotfolder.commands.transcribe.cleaning import Cleaned, clean_token
from hotfolder.commands.transcribe.recognition import TimedToken
from hotfolder.commands.transcribe.utterances import group_tokens, plan_utterances, split_span


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" The", Cleaned(("The",))),
        (" dog.", Cleaned(("dog",), terminator=".")),
        (" you?", Cleaned(("you",), terminator="?")),
        ("wow!", Cleaned(("wow",), terminator="!")),
        (" so...", Cleaned(("so",), terminator="+...")),
        (" so…", Cleaned(("so",), terminator="+...")),
        (" well,", Cleaned(("well",), comma=True)),
        (" yes;", Cleaned(("yes",), comma=True)),
        (" don't", Cleaned(("don't",))),
        (" don’t", Cleaned(("don't",))),  # curly apostrophe straightened
        (" 'cause", Cleaned(("cause",))),
        (" dogs'", Cleaned(("dogs",))),
        (" well-known", Cleaned(("well", "known"))),
        (" U.S.", Cleaned(("US",), terminator=".")),
        (' "Hello,"', Cleaned(("Hello",), comma=True)),
        (" (laughs)", Cleaned(("laughs",))),
        (" [music]", Cleaned(("music",))),
        (" R&D", Cleaned(("R", "D"))),
        (" café", Cleaned(("café",))),
        ("你好。", Cleaned(("你好",), terminator=".")),
        ("なに？", Cleaned(("なに",), terminator="?")),  # full-width ? after NFKC
        (" -", Cleaned(())),
        (" ...", Cleaned((), terminator="+...")),
        ("", Cleaned(())),
    ],
)
def test_clean_token(raw: str, expected: Cleaned) -> None:
    assert clean_token(raw) == expected


def test_cleaned_words_hold_no_chat_special_characters() -> None:
    specials = set("@&+[]<>():;$^~*=#%,.?!\"/\\-_") | {"\x15"}
    raw = "@x &-um a+b [x] <y> (z) w:q $n ^m ~o *p =q #r %s ,t .u ?v !w \"x\" a/b c\\d e-f g_h"
    words = [word for token in raw.split() for word in clean_token(token).words]
    assert words and all(not set(word) & specials for word in words)


@pytest.mark.parametrize(
    ("start", "end", "words", "spans"),
    [
        (0, 100, ["one"], [(0, 100)]),
        (0, 100, ["ab", "cd"], [(0, 50), (50, 100)]),
        (1000, 1400, ["a", "bcd"], [(1000, 1100), (1100, 1400)]),
    ],
)
def test_split_span_shares_by_length(start: int, end: int, words: list[str], spans: list[tuple[int, int]]) -> None:
    assert split_span(start, end, words) == spans


def tokens(*spec: tuple[str, int, int]) -> list[TimedToken]:
    return [TimedToken(text, start, end) for text, start, end in spec]


def test_utterances_end_at_terminators_and_long_pauses() -> None:
    stream = tokens(
        (" Where", 0, 200), (" are", 200, 300), (" you?", 300, 500),  # ends at ?
        (" I", 600, 700), (" am", 700, 800),  # then a 1.2 s pause
        (" here,", 2000, 2200), (" see", 2200, 2400), (" it.", 2400, 2600),
        (" and", 2700, 2800),  # no terminator at the end of the recording
    )  # fmt: skip
    planned = plan_utterances(stream, duration_ms=3000, pause_ms=1000)
    assert [(u.items, u.terminator, u.bullet) for u in planned] == [
        (("Where", "are", "you"), "?", (0, 500)),
        (("I", "am"), ".", (600, 800)),
        (("here", ",", "see", "it"), ".", (2000, 2600)),
        (("and",), ".", (2700, 2800)),
    ]
    assert planned[2].words == (("here", (2000, 2200)), ("see", (2200, 2400)), ("it", (2400, 2600)))


def test_lone_punctuation_tokens_attach_to_the_word_before() -> None:
    stream = tokens((" so", 0, 100), (",", 100, 100), (" yes", 150, 300), ("?", 300, 300), (" ok", 400, 500))
    planned = plan_utterances(stream, duration_ms=1000)
    assert [(u.items, u.terminator) for u in planned] == [(("so", ",", "yes"), "?"), (("ok",), ".")]


def test_a_comma_before_the_terminator_is_dropped() -> None:
    (planned,) = plan_utterances(tokens((" well,", 0, 300)), duration_ms=1000)
    assert planned.items == ("well",) and planned.terminator == "."


def test_punctuation_only_streams_make_no_utterance() -> None:
    assert plan_utterances(tokens((" ...", 0, 100), (" -", 100, 200)), duration_ms=1000) == []
    assert group_tokens([]) == []


def test_times_are_clamped_never_backwards_and_zero_length_words_lose_their_bullet() -> None:
    stream = tokens(
        (" one", 0, 400), (" two", 300, 600),  # overlaps the word before
        (" three", 600, 600),  # no duration
        (" four.", 900, 5000),  # runs past the end of the recording
    )  # fmt: skip
    (planned,) = plan_utterances(stream, duration_ms=2000)
    assert planned.words == (("one", (0, 400)), ("two", (400, 600)), ("three", None), ("four", (900, 2000)))
    assert planned.bullet == (0, 2000)


def test_an_utterance_with_no_timed_word_gets_a_minimal_bullet_after_the_last() -> None:
    stream = tokens((" a.", 0, 500), (" b.", 500, 500), (" c.", 2000, 2000))
    planned = plan_utterances(stream, duration_ms=2000)
    assert [u.bullet for u in planned] == [(0, 500), (500, 501), (1999, 2000)]
    assert [u.words for u in planned] == [(("a", (0, 500)),), (("b", None),), (("c", None),)]


def _token() -> st.SearchStrategy[tuple[str, int, int]]:
    text = st.sampled_from([" the", " dog.", " what?", " well,", " a-b", " ...", " x!", "，", " don't"])
    return st.tuples(text, st.integers(-500, 12_000), st.integers(0, 800))


@settings(max_examples=200, deadline=None)
@given(st.lists(_token(), max_size=40), st.integers(1, 10_000))
def test_bullets_are_ordered_inside_the_recording_whatever_the_engine_says(
    spec: list[tuple[str, int, int]], duration_ms: int
) -> None:
    stream = [TimedToken(text, start, start + length) for text, start, length in sorted(spec, key=lambda s: s[1])]
    planned = plan_utterances(stream, duration_ms)
    previous_end = 0
    for utterance in planned:
        start, end = utterance.bullet
        assert 0 <= start < end <= duration_ms
        assert start >= previous_end - 1  # never before what was already placed (1 ms for minimal bullets)
        for _, bullet in utterance.words:
            if bullet is not None:
                assert start <= bullet[0] < bullet[1] <= end
        previous_end = end
        assert utterance.items and utterance.items[-1] != "," and utterance.terminator in {".", "?", "!", "+..."}
    words = [word for token in stream for word in clean_token(token.text).words]
    assert [word for u in planned for word, _ in u.words] == words

