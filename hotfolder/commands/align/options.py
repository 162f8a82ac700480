"""The options a folder (or a job ticket) may give `align`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AlignOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    wor: bool = True  # write %wor; off: only the utterance bullets change (batchalign's --nowor)
    padding_ms: int = Field(default=500, ge=0, le=10_000)  # searched around each existing bullet
