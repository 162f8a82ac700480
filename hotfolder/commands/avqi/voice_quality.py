"""The avqi engine: `X.cs.*` with its companion `X.sv.*` in, `X.avqi.txt` out.

Both recordings are decoded to 44.1 kHz mono, the rate AVQI recordings are
made at: the LTAS measures compare 0-1 kHz with 1-10 kHz, above the Nyquist
frequency of 16 kHz audio. Every file runs at the same rate, so indexes of
differently recorded files are comparable.
"""

from __future__ import annotations

import warnings

import parselmouth

from hotfolder.commands.acoustic.naming import avqi_output, expected_vowel, is_continuous_speech, refuse_clash, vowel_partner
from hotfolder.commands.acoustic.outcomes import each_file
from hotfolder.commands.audio import Samples, load_audio
from hotfolder.commands.avqi.index import AvqiMeasures, avqi_score, render_report
from hotfolder.commands.avqi.praat_steps import AvqiSound, avqi_sound, measure
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.media import recording_input
from hotfolder.errors import FailureCategory, FileFailure

SAMPLE_RATE = 44100
AVQI_VERSION = "03.01"


class AvqiEngine:
    """Stateless apart from the versions it reports; Praat needs nothing loaded."""

    def __init__(self) -> None:
        self.engines = {
            "praat-parselmouth": parselmouth.VERSION,
            "praat": parselmouth.PRAAT_VERSION,
            "avqi": AVQI_VERSION,
        }

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return each_file(tasks, self.index)

    def index(self, task: FileTask) -> FileResult:
        """AVQI and its six measures for one speaker's pair of recordings."""
        vowel_name = self._vowel_of(task)
        speech = load_audio(recording_input(task), SAMPLE_RATE)
        vowel = load_audio(task.companions[vowel_name], SAMPLE_RATE)
        joined, measures = self._analyse(task.display_path, vowel_name, speech, vowel)
        score = avqi_score(measures)
        return FileResult(
            [FileOutput(avqi_output(task.display_path), render_report(measures).encode("utf-8"))],
            engines=dict(self.engines),
            notes={
                "avqi": round(score, 3),
                "sustained_vowel": vowel_name,
                "voiced_speech_s": round(joined.voiced_s, 3),
                "vowel_s": round(joined.vowel_s, 3),
            },
        )

    def _vowel_of(self, task: FileTask) -> str:
        members = [m for m in (task.display_path, *task.companions) if is_continuous_speech(m)]
        refuse_clash(task.display_path, members, avqi_output, "keep one continuous-speech recording per speaker in a bundle")
        vowel_name = vowel_partner(task.display_path, task.companions)
        if vowel_name is None:
            raise FileFailure(
                f"no sustained vowel for {task.display_path}: expected {expected_vowel(task.display_path)} in the same bundle",
                FailureCategory.INPUT_MISSING,
            )
        return vowel_name

    def _analyse(self, speech_name: str, vowel_name: str, speech: Samples, vowel: Samples) -> tuple[AvqiSound, AvqiMeasures]:
        try:
            with warnings.catch_warnings():
                # Praat warns about unusual sounds (no quiet part, say); the measures say enough.
                warnings.simplefilter("ignore", parselmouth.PraatWarning)
                joined = avqi_sound(speech, vowel, SAMPLE_RATE)
                if joined.voiced_s == 0:
                    raise FileFailure(f"no voiced speech found in {speech_name}", FailureCategory.PROVIDER_TERMINAL)
                measures = measure(joined.sound)
        except parselmouth.PraatError as error:
            first_line = str(error).strip().splitlines()[0]
            raise FileFailure(
                f"Praat cannot analyse {speech_name} with {vowel_name}: {first_line}",
                FailureCategory.PROVIDER_TERMINAL,
            ) from None
        missing = measures.undefined()
        if missing:
            raise FileFailure(
                f"AVQI is undefined for {speech_name} with {vowel_name}: Praat found no {', '.join(missing)}",
                FailureCategory.PROVIDER_TERMINAL,
            )
        return joined, measures
