"""The opensmile engine: a recording in, one row of openSMILE functionals out.

Recordings are decoded by `hotfolder.commands.audio` (mp3 and m4a need no
ffmpeg) to 16 kHz mono and fed to `Smile.process_signal`. One rate for every
input keeps the features of differently recorded files comparable; the
GeMAPS and ComParE descriptors all lie below its 8 kHz Nyquist frequency.
"""

from __future__ import annotations

import warnings

import numpy as np
import opensmile

from hotfolder.commands.acoustic.naming import opensmile_output, refuse_clash
from hotfolder.commands.acoustic.outcomes import each_file
from hotfolder.commands.audio import load_audio
from hotfolder.commands.base import FileOutput, FileResult, FileTask, Outcome
from hotfolder.commands.media import is_media, recording_input
from hotfolder.commands.opensmile.table import render_table
from hotfolder.errors import FailureCategory, FileFailure

SAMPLE_RATE = 16000


class OpensmileEngine:
    """One `opensmile.Smile` for the folder's feature set, reused for every file."""

    def __init__(self, feature_set: str) -> None:
        self.feature_set = feature_set
        with warnings.catch_warnings():
            # eGeMAPSv01b and GeMAPSv01b are deprecated upstream but asked for by name.
            warnings.filterwarnings("ignore", message=r"Feature set .* is deprecated", category=UserWarning)
            self.smile = opensmile.Smile(
                feature_set=opensmile.FeatureSet[feature_set],
                feature_level=opensmile.FeatureLevel.Functionals,
            )
        self.names: list[str] = list(self.smile.feature_names)
        self.engines = {"opensmile": opensmile.__version__, "opensmile.feature_set": feature_set}

    def process(self, tasks: list[FileTask]) -> list[Outcome]:
        return each_file(tasks, self.extract)

    def extract(self, task: FileTask) -> FileResult:
        """Functionals of one recording; FileFailure when it cannot be read or is too short."""
        members = [m for m in (task.display_path, *task.companions) if is_media(m)]
        refuse_clash(task.display_path, members, opensmile_output, "keep one recording per name in a bundle")
        samples = load_audio(recording_input(task), SAMPLE_RATE)
        duration = samples.size / SAMPLE_RATE
        values = self.functionals(samples)
        if not np.isfinite(values).any():
            raise FileFailure(
                f"{task.display_path} is too short for openSMILE functionals ({duration:.3f} s of audio)",
                FailureCategory.VALIDATION,
            )
        data = render_table(task.display_path, duration, self.names, values.tolist())
        return FileResult(
            [FileOutput(opensmile_output(task.display_path), data)],
            engines=dict(self.engines),
            notes={"duration_s": round(duration, 3), "features": len(self.names)},
        )

    def functionals(self, samples: np.ndarray) -> np.ndarray:
        """One row of the feature set's functionals (all NaN when the signal is too short)."""
        with warnings.catch_warnings():
            # "Segment too short, filling with NaN": reported as a failure by the caller.
            warnings.filterwarnings("ignore", message="Segment too short", category=UserWarning)
            frame = self.smile.process_signal(samples, SAMPLE_RATE)
        return np.asarray(frame.to_numpy(dtype=np.float64)[0])
