"""Recording -> CHAT transcript, shared by `transcribe` and `benchmark`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hotfolder.chat import ChatFile
from hotfolder.commands.audio import load_audio
from hotfolder.commands.transcribe.chatout import build_transcript
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.commands.transcribe.recognition import SAMPLE_RATE, Recognizer
from hotfolder.commands.transcribe.utterances import PlannedUtterance, plan_utterances
from hotfolder.errors import FailureCategory, FileFailure


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Transcript:
    chat: ChatFile
    utterances: list[PlannedUtterance]
    lang: str
    audio_s: float
    fields: dict[str, str]  # the provenance fields written

    @property
    def word_count(self) -> int:
        return sum(len(utterance.words) for utterance in self.utterances)


class Transcriber:
    """A loaded recognizer plus the folder's options; one per worker."""

    def __init__(self, recognizer: Recognizer, options: AsrOptions, clock: Callable[[], datetime] = utc_now) -> None:
        self.recognizer = recognizer
        self.options = options
        self.clock = clock

    def provenance(self, lang: str) -> dict[str, str]:
        fields = {"engine": self.recognizer.engine, "model": self.recognizer.model, "lang": lang, "speakers": "1"}
        if self.options.num_speakers is not None:
            fields["num_speakers"] = str(self.options.num_speakers)  # asked for; not diarized
        return fields

    def transcribe(self, recording: Path, media_name: str, lang: str, command: str) -> Transcript:
        """Recognize `recording` and write it as CHAT; FileFailure for audio that cannot be used."""
        samples = load_audio(recording, SAMPLE_RATE)
        duration_ms = len(samples) * 1000 // SAMPLE_RATE
        if duration_ms == 0:
            raise FileFailure(f"the recording {recording.name} holds no audio", FailureCategory.VALIDATION)
        recognition = self.recognizer.recognize(samples, lang)
        planned = plan_utterances(recognition.tokens, duration_ms, self.recognizer.pause_ms)
        fields = self.provenance(recognition.lang)
        chat = build_transcript(
            planned, lang=recognition.lang, media_name=media_name, command=command, fields=fields, when=self.clock()
        )
        return Transcript(chat, planned, recognition.lang, duration_ms / 1000, fields)

    def notes(self, transcript: Transcript) -> dict[str, Any]:
        """What the receipt records about one transcription."""
        notes: dict[str, Any] = {
            "engine": self.recognizer.engine,
            "model": self.recognizer.model,
            "lang": transcript.lang,
            "audio_s": round(transcript.audio_s, 3),
            "utterances": len(transcript.utterances),
            "words": transcript.word_count,
            "speakers": 1,
        }
        if self.options.num_speakers is not None:
            notes["num_speakers"] = self.options.num_speakers
            notes["diarization"] = "none: every utterance is PAR"
        return notes
