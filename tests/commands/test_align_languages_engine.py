"""AlignEngine beyond English: whisper per utterance on synthesized Spanish and German, mixed files, no engine."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
import soundfile

from hotfolder.api.health import health_response
from hotfolder.api.live import LiveFacts
from hotfolder.chat import ChatFile, Utterance, loads, validate
from hotfolder.commands.align.engine import AlignEngine
from hotfolder.commands.align.long import WHISPER_CHUNKS
from hotfolder.commands.align.options import AlignOptions
from hotfolder.commands.align.whisper import MAX_WINDOW_MS, WhisperAligner
from hotfolder.commands.audio import Samples, load_audio
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.registry import Registry
from hotfolder.commands.transcribe.weights import WeightsError
from hotfolder.commands.utseg.timing import parse_wor
from hotfolder.daemon.capabilities import available_commands, command_languages
from hotfolder.errors import FailureCategory, FileFailure
from tests.support.speech import Spoken, speech_cache, synthesize

PARITY = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "batchalign3" / "batchalign" / "tests" / "support" / "parity"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SPANISH = "mañana vamos a la playa con nuestros amigos"
GERMAN = ["morgen fahren wir mit dem Zug", "nach Berlin zu meiner Tante"]
ENGLISH = "the birch canoe slid on the smooth planks"


class Recording(WhisperAligner):
    """The real whisper aligner, noting how long each piece it is handed lasts."""

    pieces_ms: list[int]

    def align(self, samples: Samples, rate: int, words: list[str], lang: str) -> list[tuple[int, int]] | None:
        self.pieces_ms.append(len(samples) * 1000 // rate)
        return super().align(samples, rate, words, lang)


@pytest.fixture(scope="module")
def whisper() -> Recording:
    aligner = Recording()
    aligner.pieces_ms = []
    return aligner


@pytest.fixture(scope="module")
def engine(whisper: Recording) -> AlignEngine:
    return AlignEngine(AlignOptions(), clock=lambda: WHEN, whisper=lambda: whisper)


def _header(languages: str) -> str:
    return (
        f"@UTF8\n@Begin\n@Languages:\t{languages}\n@Participants:\tCHI Target_Child\n"
        f"@ID:\t{languages.split(',')[0]}|test|CHI|||||Target_Child|||\n@Media:\tspeech, audio\n"
    )


def _run(engine: AlignEngine, folder: Path, text: str, wav: Path | None, lang: str = "eng", members: dict[str, Path] | None = None) -> Outcome:
    (folder / "x.cha").write_text(text, encoding="utf-8")
    members = members or ({"speech.wav": wav} if wav is not None else {})
    [outcome] = engine.process([FileTask("x.cha", folder / "x.cha", lang, members)])
    return outcome


def _chat(outcome: Outcome) -> ChatFile:
    assert isinstance(outcome, FileResult), outcome
    return loads(outcome.outputs[0].data.decode("utf-8"))


def _times(utterance: Utterance) -> list[tuple[str, int, int]]:
    return [(word, *t) for word, t in parse_wor(utterance.tier("wor") or "") if t is not None]


def _bullet(words: list[tuple[str, int, int]]) -> str:
    return f" \x15{words[0][1] - 120}_{words[-1][2] + 120}\x15"


def _assert_close(timed: list[tuple[str, int, int]], truth: list[tuple[str, int, int]]) -> None:
    assert [w for w, _, _ in timed] == [w for w, _, _ in truth]
    onsets = np.abs([a[1] - b[1] for a, b in zip(timed, truth)])
    offsets = np.abs([a[2] - b[2] for a, b in zip(timed, truth)])
    assert np.all(onsets <= 50) and np.mean(onsets) <= 15, onsets  # measured: mean 2-3 ms, max 5 ms
    assert np.mean(offsets <= 50) >= 0.85 and np.mean(offsets) <= 30, offsets  # measured: mean 2-10 ms


def _joined(parts: list[Spoken], path: Path) -> tuple[Path, list[tuple[str, int, int]]]:
    """The recordings one after another, and every word's time in the joined one."""
    audio, truth, offset = [], [], 0
    for part in parts:
        samples = load_audio(part.wav)
        truth += [(w, s + offset, e + offset) for w, s, e in part.words]
        audio.append(samples)
        offset += len(samples) * 1000 // 16000
    soundfile.write(path, np.concatenate(audio), 16000, subtype="PCM_16")
    return path, truth


def test_spanish_without_bullets_is_aligned_by_whisper(engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize(SPANISH, speech_cache(tmp_path_factory), voice="es", gap_ms=200)
    text = _header("spa") + f"*CHI:\t{SPANISH} .\n%com:\tsin tocar\n@End\n"
    result = _run(engine, tmp_path, text, spoken.wav)
    chat = _chat(result)
    _assert_close(_times(chat.utterances[0]), spoken.words)
    assert chat.utterances[0].tier("com") == "sin tocar"
    assert isinstance(result, FileResult) and "faster-whisper" in result.engines and "pocketsphinx" in result.engines  # refined
    assert result.notes["languages"] == {"spa": "whisper-base"}
    fields = chat.provenance()[0].fields
    assert fields["engine"] == "whisper-base" and fields["languages"] == "spa:whisper-base" and fields["aligned"] == "1/1"
    assert fields["refined"] == "pocketsphinx 5.1.1"
    assert not [i for i in validate(chat) if i.code in ("CHECK 82", "CHECK 83", "CHECK 89", "CHECK 90")]


@pytest.mark.parametrize(("voice", "lang", "sentence"), [("es", "spa", SPANISH), ("de", "deu", " ".join(GERMAN))])
def test_continuous_speech_takes_pocketsphinx_edges_where_they_agree(
    engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, voice: str, lang: str, sentence: str
) -> None:
    """No pauses between words: whisper alone put 50 % (es) and 25 % (de) of onsets within 50 ms
    (bench/README.md, "align_crossling"); with pocketsphinx's edges where they agree, 83 / 88 %."""
    spoken = synthesize(sentence, speech_cache(tmp_path_factory), voice=voice, gap_ms=0)
    chat = _chat(_run(engine, tmp_path, _header(lang) + f"*CHI:\t{sentence} .\n@End\n", spoken.wav))
    timed = _times(chat.utterances[0])
    assert [w for w, _, _ in timed] == [w for w, _, _ in spoken.words]
    onsets = np.abs([a[1] - b[1] for a, b in zip(timed, spoken.words)])
    assert np.mean(onsets <= 50) >= 0.75, onsets
    assert chat.provenance()[0].fields["refined"] == "pocketsphinx 5.1.1"


def test_a_language_not_measured_keeps_whisper_edges(engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize(SPANISH, speech_cache(tmp_path_factory), voice="es", gap_ms=200)  # Spanish speech, aligned as Catalan
    result = _run(engine, tmp_path, _header("cat") + f"*CHI:\t{SPANISH} .\n@End\n", spoken.wav)
    assert isinstance(result, FileResult) and "pocketsphinx" not in result.engines
    assert "refined" not in _chat(result).provenance()[0].fields


def test_german_with_bullets_per_utterance(engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    spoken = synthesize(" ".join(GERMAN), speech_cache(tmp_path_factory), voice="de", gap_ms=200)
    first = spoken.words[: len(GERMAN[0].split())]
    second = spoken.words[len(first) :]
    text = _header("deu") + f"*CHI:\t{GERMAN[0]} .{_bullet(first)}\n*CHI:\t{GERMAN[1]} .{_bullet(second)}\n@End\n"
    chat = _chat(_run(engine, tmp_path, text, spoken.wav, lang="auto"))
    _assert_close([t for u in chat.utterances for t in _times(u)], spoken.words)
    for utterance in chat.utterances:  # the bullet spans its words
        times = _times(utterance)
        assert utterance.bullet == (times[0][1], times[-1][2])


def test_mixed_file_each_utterance_by_its_language(engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = speech_cache(tmp_path_factory)
    english, spanish = synthesize(ENGLISH, cache), synthesize(SPANISH, cache, voice="es", gap_ms=200)
    wav, truth = _joined([english, spanish], tmp_path / "speech.wav")
    eng, spa = truth[: len(english.words)], truth[len(english.words) :]
    text = (
        _header("eng, spa")
        + f"*CHI:\t{ENGLISH} .{_bullet(eng)}\n*CHI:\t[- spa] {SPANISH} .{_bullet(spa)}\n"
        + "*CHI:\t[- vec] ciao bella .\n%com:\tkept\n@End\n"
    )
    result = _run(engine, tmp_path, text, wav)
    chat = _chat(result)
    _assert_close(_times(chat.utterances[0]), eng)
    _assert_close(_times(chat.utterances[1]), spa)
    assert chat.utterances[2].tier("wor") is None and chat.utterances[2].tier("com") == "kept"
    assert isinstance(result, FileResult)
    assert result.notes["languages"] == {"eng": "pocketsphinx", "spa": "whisper-base"}
    assert result.notes["no_engine_lines"] == [{"line": text.splitlines().index("*CHI:\t[- vec] ciao bella .") + 1, "lang": "vec"}]
    assert result.notes["unaligned_lines"] == [] and result.notes["unaligned_words"] == []
    assert {"pocketsphinx", "faster-whisper"} <= set(result.engines)
    fields = chat.provenance()[0].fields
    assert fields["engine"] == "pocketsphinx,whisper-base" and fields["aligned"] == "2/2"


def test_mixed_file_without_bullets(engine: AlignEngine, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """whisper first finds where each utterance lies; then each is aligned by its own engine there."""
    cache = speech_cache(tmp_path_factory)
    parts = [synthesize(SPANISH, cache, voice="es", gap_ms=200), synthesize(ENGLISH, cache), synthesize(GERMAN[0], cache, voice="de")]
    wav, truth = _joined(parts, tmp_path / "speech.wav")
    text = _header("spa, eng, deu") + f"*CHI:\t{SPANISH} .\n*CHI:\t[- eng] {ENGLISH} .\n*CHI:\t[- deu] {GERMAN[0]} .\n@End\n"
    result = _run(engine, tmp_path, text, wav)
    chat = _chat(result)
    _assert_close([t for u in chat.utterances for t in _times(u)], truth)
    assert isinstance(result, FileResult)
    assert result.notes["languages"] == {"spa": "whisper-base", "eng": "pocketsphinx", "deu": "whisper-base"}


def test_a_file_no_engine_serves_fails_naming_its_language(engine: AlignEngine, tmp_path: Path) -> None:
    failure = _run(engine, tmp_path, _header("vec") + "*CHI:\tciao bella .\n*CHI:\t[- qaa] bla .\n@End\n", None)
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.PROVIDER_TERMINAL
    assert "'vec'" in failure.message and "'qaa'" in failure.message


def test_a_stretch_longer_than_whisper_hears_is_aligned_in_pieces(
    engine: AlignEngine, whisper: Recording, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    sentences = [SPANISH, "y después comemos pescado en el puerto"] * 3
    spoken = synthesize(" ".join(sentences), speech_cache(tmp_path_factory), voice="es", gap_ms=600)
    assert spoken.duration_ms > MAX_WINDOW_MS
    whisper.pieces_ms.clear()
    # no bullets: one stretch of ~44 s, in two utterances
    text = _header("spa") + "".join(f"*CHI:\t{sentence} .\n" for sentence in (" ".join(sentences[:3]), " ".join(sentences[3:]))) + "@End\n"
    chat = _chat(_run(engine, tmp_path, text, spoken.wav))
    assert len(whisper.pieces_ms) >= 2 and max(whisper.pieces_ms) <= (WHISPER_CHUNKS.max_piece_ms or 0) < MAX_WINDOW_MS
    _assert_close([t for u in chat.utterances for t in _times(u)], spoken.words)


def test_health_lists_align_languages_with_their_engine() -> None:
    registry = Registry()
    languages = command_languages(registry, available_commands(registry, "eng"))
    listed = list(languages["align"])
    assert "eng: pocketsphinx" in listed and "spa: whisper-base (edges refined by pocketsphinx)" in listed and "yue: whisper-base" in listed
    assert not [entry for entry in listed if entry.startswith("vec")]
    body = health_response(version="1", node_id="n", capabilities=["align"], counts={}, queued={}, live=LiveFacts(languages=languages))
    assert body.model_dump(mode="json", exclude_none=True)["languages"]["align"] == listed


def test_real_french_file_keeps_its_tiers_and_lists_what_whisper_did_not_hear(engine: AlignEngine, tmp_path: Path) -> None:
    """fra_geneva (TalkBank, via batchalign3's parity fixtures): a quiet 4 s home recording with %mor/%gra."""
    source = (PARITY / "fra_geneva_timed.cha").read_text(encoding="utf-8")
    result = _run(engine, tmp_path, source, None, lang="auto", members={"fra_geneva_clip.mp3": PARITY / "fra_geneva_clip.mp3"})
    chat = _chat(result)
    out = result.outputs[0].data.decode("utf-8") if isinstance(result, FileResult) else ""
    kept = [line for line in source.splitlines() if line.startswith(("%mor", "%gra"))]
    assert [line for line in out.splitlines() if line.startswith(("%mor", "%gra"))] == kept
    reference = {u.line: u.bullet for u in loads(source).utterances}
    timed = 0
    for utterance, bullet in zip(chat.utterances, reference.values()):
        for _, start, end in _times(utterance):
            timed += 1
            if bullet is not None:  # inside the reference bullet, widened by the padding
                assert bullet[0] - 500 <= start < end <= bullet[1] + 500
    assert isinstance(result, FileResult) and result.notes["languages"] == {"fra": "whisper-base"}
    assert int(result.notes["utterances_aligned"]) >= 3 and timed >= 8
    listed = result.notes["unaligned_words"]
    assert isinstance(listed, list) and timed + len(listed) == sum(len(u.wor_words()) for u in chat.utterances)
    assert not [i for i in validate(chat) if i.code in ("CHECK 82", "CHECK 83", "CHECK 89", "CHECK 90")]


def test_whisper_loads_on_first_need_once(whisper: Recording, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    cache = speech_cache(tmp_path_factory)
    loads_: list[int] = []

    def load() -> Recording:
        loads_.append(1)
        return whisper

    engine = AlignEngine(AlignOptions(), clock=lambda: WHEN, whisper=load)
    english = synthesize(ENGLISH, cache)
    assert isinstance(_run(engine, tmp_path, _header("eng") + f"*CHI:\t{ENGLISH} .\n@End\n", english.wav), FileResult)
    assert loads_ == []  # an English file never loads whisper
    spanish = synthesize(SPANISH, cache, voice="es", gap_ms=200)
    for _ in range(2):
        assert isinstance(_run(engine, tmp_path, _header("spa") + f"*CHI:\t{SPANISH} .\n@End\n", spanish.wav), FileResult)
    assert loads_ == [1]


def test_whisper_that_does_not_load_fails_the_file_naming_why(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    def missing() -> WhisperAligner:
        raise WeightsError("the whisper-base weights are not installed")

    engine = AlignEngine(AlignOptions(), clock=lambda: WHEN, whisper=missing)
    spanish = synthesize(SPANISH, speech_cache(tmp_path_factory), voice="es", gap_ms=200)
    failure = _run(engine, tmp_path, _header("spa") + f"*CHI:\t{SPANISH} .\n@End\n", spanish.wav)
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.PROVIDER_TERMINAL
    assert "whisper" in failure.message and "not installed" in failure.message
