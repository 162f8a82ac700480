"""transcribe in other languages with the packaged whisper weights: the folder's `lang` reaches whisper."""

from __future__ import annotations

import jiwer
import pytest

from hotfolder.chat import ChatFile, from_bytes
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.transcribe.base import AsrEngine
from hotfolder.commands.transcribe.command import COMMAND
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.errors import CommandUnavailable
from tests.support.speech import speech_cache, synthesize

SPEECH = {
    "spa": ("es", "mañana vamos a la playa con nuestros amigos"),
    "deu": ("de", "morgen fahren wir mit dem Zug nach Berlin"),
}


@pytest.fixture(scope="module")
def whisper() -> AsrEngine:
    return COMMAND.load("spa", AsrOptions(engine="whisper"))


def transcribe(engine: AsrEngine, tmp_path_factory: pytest.TempPathFactory, lang: str, voice: str, text: str) -> ChatFile:
    spoken = synthesize(text, speech_cache(tmp_path_factory), voice=voice, gap_ms=120)
    (outcome,) = engine.process([FileTask(spoken.wav.name, spoken.wav, lang)])
    assert isinstance(outcome, FileResult), outcome
    return from_bytes(outcome.outputs[0].data)


@pytest.mark.parametrize("lang", sorted(SPEECH))
def test_the_folder_language_is_transcribed(whisper: AsrEngine, tmp_path_factory: pytest.TempPathFactory, lang: str) -> None:
    voice, text = SPEECH[lang]
    chat = transcribe(whisper, tmp_path_factory, lang, voice, text)
    heard = " ".join(w.text.lower() for u in chat.utterances for w in u.wor_words())
    assert chat.languages == [lang] and chat.provenance()[0].fields["lang"] == lang
    assert jiwer.wer(text.lower(), heard) <= 0.35, heard


def test_auto_detects_spanish(whisper: AsrEngine, tmp_path_factory: pytest.TempPathFactory) -> None:
    voice, text = SPEECH["spa"]
    chat = transcribe(whisper, tmp_path_factory, "auto", voice, text)
    assert chat.languages == ["spa"] and chat.provenance()[0].fields["lang"] == "spa"


def test_a_language_whisper_does_not_know_is_refused() -> None:
    with pytest.raises(CommandUnavailable, match="'vec'"):
        COMMAND.check_available("vec", AsrOptions(engine="whisper"))
