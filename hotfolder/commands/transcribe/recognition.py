"""What every recognizer returns: the engine's tokens with times, before any CHAT cleaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # numpy stays out of the daemon, which only checks availability
    from hotfolder.commands.audio import Samples  # mono float32 in [-1, 1]

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class TimedToken:
    """One word as the engine wrote it (`" dog."`, `"don't"`), with its times in ms.

    Recognizers without punctuation end each stretch of speech with a `.` so
    that every recognizer marks where its utterances end the same way.
    """

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Recognition:
    tokens: list[TimedToken]
    lang: str  # CHAT code of the language transcribed (the detected one when asked for auto)


class Recognizer(Protocol):
    engine: str  # "whisper" or "pocketsphinx"
    model: str  # for provenance: "whisper-base", a model directory's name, "en-us"
    versions: dict[str, str]  # package -> version, for receipts
    pause_ms: int  # a silence this long between two words ends an utterance

    def recognize(self, samples: Samples, lang: str) -> Recognition:
        """Transcribe one recording; `lang` is a CHAT code or "auto"."""
        ...


def recording_seconds(samples: Samples) -> int:
    """The recording's length in whole seconds (at least 1): the total its progress counts towards."""
    return max(1, round(len(samples) / SAMPLE_RATE))


def seconds_to_ms(seconds: float) -> int:
    return max(0, round(float(seconds) * 1000))
