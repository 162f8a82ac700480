"""AlignEngine on synthesized speech with known word timings and on the corpus English clip."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfolder.chat import ChatFile, Utterance, loads, validate
from hotfolder.commands.align.command import COMMAND
from hotfolder.commands.align.engine import AlignEngine
from hotfolder.commands.align.long import ChunkSettings, align_long, piece_end
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.align.sphinx import SphinxAligner
from hotfolder.commands.audio import Samples, load_audio
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.utseg.timing import parse_wor
from hotfolder.errors import CommandUnavailable, FailureCategory, FileFailure
from tests.support.speech import Spoken, speech_cache, synthesize

PARITY = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "batchalign3" / "batchalign" / "tests" / "support" / "parity"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
BULLET = re.compile("\x15[^\x15]*\x15")
SENTENCES = ["the birch canoe slid on the smooth planks", "glue the sheet to the dark blue background"]


@pytest.fixture(scope="module")
def engine() -> AlignEngine:
    return AlignEngine(AlignOptions(), clock=lambda: WHEN)  # decoders load once for the module


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Spoken:
    return synthesize(" ".join(SENTENCES), speech_cache(tmp_path_factory))


def _header(media: str = "speech") -> str:
    return (
        "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n"
        f"@ID:\teng|test|CHI|||||Target_Child|||\n@Media:\t{media}, audio\n"
    )


def _utterances(spoken: Spoken, bullets: bool) -> str:
    """One utterance per sentence; bullets from the true word times, 120 ms wider."""
    lines, index = [], 0
    for sentence in SENTENCES:
        words = spoken.words[index : index + len(sentence.split())]
        index += len(words)
        bullet = f" \x15{words[0][1] - 120}_{words[-1][2] + 120}\x15" if bullets else ""
        lines.append(f"*CHI:\t{' '.join(w for w, _, _ in words)} .{bullet}\n%com:\tkeep\tthis  as is\n")
    return "".join(lines)


def _run(engine: AlignEngine, folder: Path, text: str, members: dict[str, Path], name: str = "x.cha") -> Outcome:
    (folder / name).write_text(text, encoding="utf-8")
    [outcome] = engine.process([FileTask(name, folder / name, "eng", members)])
    return outcome


def _chat(outcome: Outcome) -> ChatFile:
    assert isinstance(outcome, FileResult), outcome
    return loads(outcome.outputs[0].data.decode("utf-8"))


def _tier_times(utterance: Utterance) -> list[tuple[str, int, int]]:
    return [(word, *times) for word, times in parse_wor(utterance.tier("wor") or "") if times is not None]


def _wor_times(chat: ChatFile) -> list[tuple[str, int, int]]:
    return [timed for utterance in chat.utterances for timed in _tier_times(utterance)]


def _errors(timed: list[tuple[str, int, int]], truth: list[tuple[str, int, int]]) -> tuple[list[int], list[int]]:
    assert [w for w, _, _ in timed] == [w for w, _, _ in truth]
    return [abs(a[1] - b[1]) for a, b in zip(timed, truth)], [abs(a[2] - b[2]) for a, b in zip(timed, truth)]


@pytest.mark.parametrize("bullets", [True, False], ids=["bullets", "no-bullets"])
def test_synthesized_speech_word_timings(engine: AlignEngine, spoken: Spoken, tmp_path: Path, bullets: bool) -> None:
    text = _header() + _utterances(spoken, bullets) + "@End\n"
    chat = _chat(_run(engine, tmp_path, text, {"speech.wav": spoken.wav}))
    onsets, offsets = _errors(_wor_times(chat), spoken.words)
    assert sum(onsets) / len(onsets) <= 50 and sum(offsets) / len(offsets) <= 50, (onsets, offsets)
    assert sum(e <= 50 for e in onsets + offsets) / len(onsets + offsets) >= 0.8
    for utterance in chat.utterances:  # the utterance bullet spans its words
        times = _tier_times(utterance)
        assert utterance.bullet == (times[0][1], times[-1][2])
    assert not [issue for issue in validate(chat) if issue.code in ("CHECK 82", "CHECK 83", "CHECK 89", "CHECK 90")]


class OneSentenceAligner(SphinxAligner):
    """Finds no path for more than one sentence's words: a joined window that fails (a fault)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.calls: list[int] = []

    def align(self, samples: Samples, rate: int, words: list[str]) -> list[tuple[int, int]] | None:
        self.calls.append(len(words))
        return None if len(words) > self.limit else super().align(samples, rate, words)


def test_touching_bullets_are_aligned_together_or_else_alone(spoken: Spoken, tmp_path: Path) -> None:
    text = _header() + _utterances(spoken, True) + "@End\n"
    sizes = [len(sentence.split()) for sentence in SENTENCES]
    refusing = OneSentenceAligner(limit=max(sizes))
    chat = _chat(_run(AlignEngine(AlignOptions(), aligner=refusing, clock=lambda: WHEN), tmp_path, text, {"speech.wav": spoken.wav}))
    assert refusing.calls[:3] == [sum(sizes), *sizes]  # one speaker, touching bullets: together first
    onsets, _ = _errors(_wor_times(chat), spoken.words)
    assert max(onsets) <= 50, onsets  # then each in its own window, as if never joined


def _without_alignment(text: str) -> list[str]:
    """Lines with %wor, provenance and bullets taken out: what align must leave untouched."""
    return [BULLET.sub("", line).rstrip() for line in text.splitlines() if not line.startswith(("%wor", "@Comment:\t[hf align"))]


def test_every_other_line_is_kept_byte_for_byte(engine: AlignEngine, spoken: Spoken, tmp_path: Path) -> None:
    text = _header() + "@Comment:\tcafé  spacing\tkept\n" + _utterances(spoken, True) + "%wor:\tstale\n@End\n"
    result = _run(engine, tmp_path, text, {"speech.wav": spoken.wav})
    out = result.outputs[0].data.decode("utf-8") if isinstance(result, FileResult) else ""
    assert _without_alignment(out) == _without_alignment(text)
    assert out.count("%wor:") == 2 and "stale" not in out
    assert "@Comment:\t[hf align | engine=pocketsphinx ; version=5.1.1 ; aligned=2/2 | 2026-01-02T03:04:05+00:00]" in out
    assert isinstance(result, FileResult) and result.engines == {"pocketsphinx": "5.1.1"}


def test_wor_off_sets_only_bullets(spoken: Spoken, tmp_path: Path, engine: AlignEngine) -> None:
    quiet = AlignEngine(AlignOptions(wor=False), aligner=engine.aligner, clock=lambda: WHEN)
    text = _header() + _utterances(spoken, False).replace("%com", "%wor:\tstale \x151_2\x15 .\n%com", 1) + "@End\n"
    chat = _chat(_run(quiet, tmp_path, text, {"speech.wav": spoken.wav}))
    assert all(u.tier("wor") is None and u.bullet is not None for u in chat.utterances)


def test_bullet_past_the_recording_is_kept_and_listed(spoken: Spoken, tmp_path: Path, engine: AlignEngine) -> None:
    late = "*CHI:\tand more later . \x15900000_901000\x15\n"
    text = _header() + _utterances(spoken, False) + late + "@End\n"
    result = _run(engine, tmp_path, text, {"speech.wav": spoken.wav})
    chat = _chat(result)
    assert isinstance(result, FileResult)
    late_line = text.splitlines().index(late.rstrip("\n")) + 1
    assert result.notes["unplaced_lines"] == [late_line] and result.notes["unaligned_lines"] == [late_line]
    assert result.notes["utterances_aligned"] == 2
    assert chat.utterances[-1].bullet == (900000, 901000) and chat.utterances[-1].tier("wor") is None
    assert chat.provenance()[0].fields["aligned"] == "2/3"


def test_out_of_dictionary_word_is_guessed_and_listed(engine: AlignEngine, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> None:
    spoken = synthesize("the blorfing dog sat", speech_cache(tmp_path_factory))
    text = _header() + "*CHI:\tthe blorfing dog sat .\n@End\n"
    result = _run(engine, tmp_path, text, {"speech.wav": spoken.wav})
    assert isinstance(result, FileResult)
    assert result.notes["guessed_pronunciations"] == {"blorfing": "B L AO R F IH NG"}
    onsets, offsets = _errors(_wor_times(_chat(result)), spoken.words)
    assert max(onsets + offsets) <= 100


def test_no_align_option_skips_but_outputs_the_file(engine: AlignEngine, tmp_path: Path) -> None:
    text = _header("nowhere") + "@Options:\tNoAlign\n*CHI:\thello there . \x151_2\x15\n@End\n"
    result = _run(engine, tmp_path, text, {})  # no recording needed: nothing is aligned
    assert isinstance(result, FileResult)
    out = result.outputs[0].data.decode("utf-8")
    assert out == text.replace("@Media", "@Comment:\t[hf align | skipped=@Options NoAlign | 2026-01-02T03:04:05+00:00]\n@Media")
    assert result.notes == {"skipped": "@Options: NoAlign"}


def test_missing_recording_is_input_missing_with_places(engine: AlignEngine, tmp_path: Path) -> None:
    root = tmp_path / "media"
    root.mkdir()
    (tmp_path / "x.cha").write_text(_header("rec9") + "*CHI:\thi .\n@End\n", encoding="utf-8")
    [failure] = engine.process([FileTask("x.cha", tmp_path / "x.cha", "eng", {}, (root,))])
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.INPUT_MISSING
    assert "bundle: rec9.{wav,mp3,flac,ogg,m4a,mp4}, x.{wav," in failure.message
    assert f"{root}/rec9.{{wav," in failure.message


def test_file_and_folder_in_a_language_no_engine_serves(engine: AlignEngine, tmp_path: Path) -> None:
    text = _header().replace("eng", "vec") + "*CHI:\tciao .\n@End\n"
    failure = _run(engine, tmp_path, text, {})  # refused before the recording is looked for
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.PROVIDER_TERMINAL
    assert "no engine for language 'vec'" in failure.message and "pocketsphinx" in failure.message
    with pytest.raises(CommandUnavailable, match="'vec'"):
        COMMAND.check_available("vec", AlignOptions())
    for served in ("eng", "auto", "fra", "spa", "yue"):
        COMMAND.check_available(served, AlignOptions())


def test_bad_chat_and_undecodable_recording(engine: AlignEngine, tmp_path: Path) -> None:
    failure = _run(engine, tmp_path, "no chat here\n", {})
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.PARSE_ERROR
    junk = tmp_path / "speech.wav"
    junk.write_bytes(b"RIFF but not really" * 20)
    failure = _run(engine, tmp_path, _header() + "*CHI:\thi .\n@End\n", {"speech.wav": junk})
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.VALIDATION
    assert "speech.wav" in failure.message


def test_primary_inputs() -> None:
    assert COMMAND.primary_inputs(["a/x.cha", "a/x.wav", "a/x.gold.cha", "y.CHA"]) == ["a/x.cha", "y.CHA"]


# -- the corpus English clip -----------------------------------------------------------


def test_corpus_english_clip(engine: AlignEngine, tmp_path: Path) -> None:
    source = PARITY / "eng_multi_speaker.cha"
    original = loads(source.read_text(encoding="utf-8"))
    result = _run(engine, tmp_path, source.read_text(encoding="utf-8"), {"eng_multi_speaker.mp3": PARITY / "eng_multi_speaker.mp3"})
    chat = _chat(result)
    assert isinstance(result, FileResult)
    assert result.notes["utterances_aligned"] == 12 and result.notes["unaligned_lines"] == []
    assert set(result.notes["guessed_pronunciations"]) == {"fiu", "taperecorder"}
    for before, after in zip(original.utterances, chat.utterances, strict=True):
        entries = parse_wor(after.tier("wor") or "")
        assert len(entries) == len(after.wor_words()) and all(times for _, times in entries), after
        assert before.bullet is not None and after.bullet is not None
        assert after.bullet[0] < after.bullet[1] <= 18_100
    assert not [issue for issue in validate(chat) if issue.code in ("CHECK 82", "CHECK 83", "CHECK 89", "CHECK 90")]
    assert _without_alignment(result.outputs[0].data.decode("utf-8")) == _without_alignment(source.read_text(encoding="utf-8"))



# -- long stretches in chunks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("cursor", "total", "left", "now", "expected"),
    [
        (0, 600_000, 1000, 60, 0 + int(60 * 600 * 1.6) + 8000),  # 600 ms a word on average
        (590_000, 600_000, 100, 60, 600_000),  # never past the end
        (0, 600_000, 60, 60, 600_000),  # the last chunk takes the rest
    ],
)
def test_piece_end(cursor: int, total: int, left: int, now: int, expected: int) -> None:
    assert piece_end(cursor, total, left, now, ChunkSettings()) == expected


def test_chunks_on_real_speech(engine: AlignEngine, spoken: Spoken) -> None:
    samples = load_audio(spoken.wav)
    words = [w for w, _, _ in spoken.words]
    small = ChunkSettings(single_up_to_ms=2000, chunk_words=5, keep_words=3, slack=1.3, extra_ms=500)
    found = align_long(lambda piece, ws: engine.aligner.align(piece, 16000, ws), samples, 16000, words, small)
    assert all(span is not None for span in found)
    spans = [span for span in found if span is not None]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))  # in order, never overlapping
    onsets = [abs(span[0] - start) for span, (_, start, _) in zip(spans, spoken.words)]
    assert sum(onsets) / len(onsets) <= 60, (onsets, found, spoken.words)


def test_chunk_without_a_path_leaves_the_rest_untimed(engine: AlignEngine, spoken: Spoken) -> None:
    samples = load_audio(spoken.wav)[:16000]  # one second cannot hold forty words
    small = ChunkSettings(single_up_to_ms=500, chunk_words=40, keep_words=20)
    found = align_long(lambda piece, ws: engine.aligner.align(piece, 16000, ws), samples, 16000, ["the"] * 40, small)
    assert found == [None] * 40
