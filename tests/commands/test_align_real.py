"""align on a real recording (batchalign's test clip, its own %wor as reference) and its %wor word rules.

test.cha / test.mp3 come from TalkBank/batchalign3 (BSD-3-Clause), read from ../shared/corpus.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.align_hand import score as hand_score
from hotfolder.chat import ChatFile, dumps, loads
from hotfolder.commands.align.engine import AlignEngine, _Target, untimed_words
from hotfolder.commands.align.languages import WHISPER
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.align.wordlist import align_words
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.utseg.timing import parse_wor

SUPPORT = Path(__file__).resolve().parents[3] / "shared/corpus/batchalign3/batchalign/tests/formats/chat/support"
BULLET = re.compile(r"[ \t]*\x15\d+_\d+\x15")
HEADER = "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n@ID:\teng|t|CHI|||||Target_Child|||\n"


@pytest.fixture(scope="module")
def engine() -> AlignEngine:
    return AlignEngine(AlignOptions(), clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))


def _align(engine: AlignEngine, folder: Path, text: str) -> tuple[FileResult, ChatFile]:
    (folder / "test.cha").write_text(text, encoding="utf-8")
    [outcome] = engine.process([FileTask("test.cha", folder / "test.cha", "eng", {"test.mp3": SUPPORT / "test.mp3"})])
    assert isinstance(outcome, FileResult), outcome
    return outcome, loads(outcome.outputs[0].data.decode("utf-8"))


def _source(keep_bullets: bool) -> str:
    lines = (SUPPORT / "test.cha").read_text(encoding="utf-8").splitlines(keepends=True)
    lines = [line for line in lines if not line.startswith("%wor:")]
    return "".join(line if keep_bullets or not line.startswith("*") else BULLET.sub("", line) for line in lines)


def test_bullets_as_anchors_never_lose_an_utterance(engine: AlignEngine, tmp_path: Path) -> None:
    """'i don't know what to say' runs past its own bullet: it used to get no %wor with the bullets kept."""
    source = _source(keep_bullets=True)
    result, chat = _align(engine, tmp_path, source)
    assert result.notes["utterances_aligned"] == 13 and result.notes["unaligned_lines"] == []
    assert result.notes["unaligned_words"] == []
    for utterance in chat.utterances:
        timed = [times for _, times in parse_wor(utterance.tier("wor") or "")]
        assert timed and all(timed), utterance.main_text
        # the utterance bullet spans first word onset .. last word offset (batchalign)
        assert utterance.bullet == (timed[0][0], max(t[1] for t in timed if t))  # type: ignore[index]


def test_mor_and_gra_and_every_other_line_kept_byte_for_byte(engine: AlignEngine, tmp_path: Path) -> None:
    source = _source(keep_bullets=True)
    _, chat = _align(engine, tmp_path, source)
    out = [line for line in chat_text(chat) if not line.startswith(("%wor:", "@Comment:\t[hf align"))]
    before = source.splitlines(keepends=True)
    assert len(out) == len(before)
    for old, new in zip(before, out, strict=True):
        if old.startswith("*"):
            assert BULLET.sub("", old) == BULLET.sub("", new)  # only the bullet may change
        else:
            assert old == new
    assert sum(line.startswith(("%mor:", "%gra:")) for line in out) == 26


def chat_text(chat: ChatFile) -> list[str]:
    return dumps(chat).splitlines(keepends=True)


def test_word_onsets_against_the_reference(engine: AlignEngine, tmp_path: Path) -> None:
    """Bullets stripped: most onsets near batchalign's (its utterance-initial onsets often sit in silence)."""
    _, chat = _align(engine, tmp_path, _source(keep_bullets=False))
    reference = loads((SUPPORT / "test.cha").read_text(encoding="utf-8"))
    errors = []
    for ref, hyp in zip(reference.utterances, chat.utterances, strict=True):
        ref_words, hyp_words = parse_wor(ref.tier("wor") or ""), parse_wor(hyp.tier("wor") or "")
        if not ref_words:
            continue
        assert [w.lower() for w, _ in ref_words] == [w.lower() for w, _ in hyp_words]
        errors += [abs(h[0] - r[0]) for (_, r), (_, h) in zip(ref_words, hyp_words) if r and h]
    assert len(errors) == 75
    assert sum(error <= 100 for error in errors) / len(errors) >= 0.7
    assert sorted(errors)[len(errors) // 2] <= 60


@pytest.mark.parametrize("keep_bullets", [False, True])
def test_onsets_and_edges_against_the_hand_checked_reference(engine: AlignEngine, tmp_path: Path, keep_bullets: bool) -> None:
    """The issue's aim, measured against onsets and edges read from the signal (bench/align_hand.py):
    measured 88 % within 50 ms, edge bias -12 / -13 ms, either way. With the bullets kept, touching
    utterances of one speaker are aligned together: alone, each took the tail of the one before
    (batchalign2's bullets end early) as its first word, 150-225 ms early (78 %, -52 ms)."""
    _, chat = _align(engine, tmp_path, _source(keep_bullets))
    reference = loads((SUPPORT / "test.cha").read_text(encoding="utf-8"))
    labelled = [hyp for ref, hyp in zip(reference.utterances, chat.utterances, strict=True) if ref.tier("wor")]
    timed = [(w.lower(), *t) for u in labelled for w, t in parse_wor(u.tier("wor") or "") if t]
    assert len(timed) == 75
    result = hand_score(list(timed))
    assert result.words == 50
    assert result.within[50] >= 0.8, result.misses
    assert abs(result.edge_bias) < 30 and result.edge_abs < 30, result


def test_whisper_utterance_ends_on_real_speech(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whisper path (every language but English) on the one clip with a hand-checked reference,
    routed to whisper: its utterance ends used to fall 78 ms early (final fricatives cut); run on
    through the sound they cut (edges.extended_end), measured -15 ms. Onsets: 50 % within 50 ms,
    which is why English stays on pocketsphinx (88 %)."""
    engine = AlignEngine(AlignOptions(), clock=lambda: datetime(2026, 1, 2, tzinfo=UTC))
    monkeypatch.setattr(engine.backends, "engine", lambda lang: WHISPER)
    _, chat = _align(engine, tmp_path, _source(keep_bullets=False))
    reference = loads((SUPPORT / "test.cha").read_text(encoding="utf-8"))
    labelled = [hyp for ref, hyp in zip(reference.utterances, chat.utterances, strict=True) if ref.tier("wor")]
    timed = [(w.lower(), *t) if t else None for u in labelled for w, t in parse_wor(u.tier("wor") or "")]
    assert len(timed) == 75
    result = hand_score(timed)
    assert abs(result.end_bias) < 40, result
    assert result.within[50] < 0.8  # whisper is the weaker English aligner: the routing decision holds


@pytest.mark.parametrize(
    ("main", "expected"),
    [
        ("&-um I want [/] I want cookie@f .", ["um", "I", "want", "I", "want", "cookie"]),  # fillers, retraces, form markers
        ("ba:nana (be)cause ice+cream .", ["banana", "because", "icecream"]),  # lengthening, shortening, compounds
        ("gonna [: going to] go .", ["going", "to", "go"]),  # a replacement's words
        ("<I wanna> [//] I wanna [: want to] go .", ["I", "wanna", "I", "want", "to", "go"]),
        ("&~gaga &+fr xxx yyy www hi .", ["hi"]),  # nonwords, fragments, untranscribed
        ("0is it &=laughs (.) there .", ["it", "there"]),  # omissions, events, pauses
        ("dog@s:spa and that [*] , there .", ["dog", "and", "that", "there"]),
    ],
)
def test_wor_words_follow_batchalign(main: str, expected: list[str]) -> None:
    utterance = loads(f"{HEADER}*CHI:\t{main}\n@End\n").utterances[0]
    assert [word.text for word in align_words(utterance, ca=False)] == expected


def test_untimed_words_are_listed_with_their_line() -> None:
    chat = loads(f"{HEADER}*CHI:\thello there .\n*CHI:\tbye .\n@End\n")
    first, second = chat.utterances
    targets = [
        _Target(first, first.wor_words(), "eng", "pocketsphinx", ["hello", None], [(0, 100), None]),
        _Target(second, second.wor_words(), "eng", "pocketsphinx", ["bye"], [None]),
        _Target(second, second.wor_words(), "vec", None, [None], [None]),  # no engine: listed apart, not here
    ]
    assert untimed_words(targets, [6, 7, 8]) == [{"line": 6, "word": "there"}, {"line": 7, "word": "bye"}]
