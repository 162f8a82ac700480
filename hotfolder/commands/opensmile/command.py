"""`opensmile`: each recording -> `<stem>.opensmile.csv` with one row of openSMILE functionals.

Options: `feature_set` (eGeMAPSv02 by default, eGeMAPSv01b, GeMAPSv01b or
ComParE_2016). The CSV layout is described in
`hotfolder.commands.opensmile.table`. This module stays light: opensmile and
pandas are imported by `load`, in the worker.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from hotfolder.commands.acoustic import FindSpec
from hotfolder.commands.media import is_media
from hotfolder.errors import CommandUnavailable

if TYPE_CHECKING:
    from hotfolder.commands.opensmile.features import OpensmileEngine

FeatureSet = Literal["eGeMAPSv02", "eGeMAPSv01b", "GeMAPSv01b", "ComParE_2016"]

# Functionals per feature set (openSMILE 2.6), for documentation and tests.
FEATURE_COUNTS: dict[str, int] = {"eGeMAPSv02": 88, "eGeMAPSv01b": 88, "GeMAPSv01b": 62, "ComParE_2016": 6373}


class OpensmileOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    feature_set: FeatureSet = "eGeMAPSv02"


class Opensmile:
    name = "opensmile"
    options_model: type[BaseModel] = OpensmileOptions
    memory_mb = 500  # measured peak 280 MB (pandas, openSMILE, ComParE_2016 on a 26 s clip)
    batch_size = 1

    def __init__(self, find_spec: FindSpec = importlib.util.find_spec) -> None:
        self.find_spec = find_spec

    def primary_inputs(self, display_paths: list[str]) -> list[str]:
        """Every recording of the bundle (wav mp3 flac ogg m4a mp4)."""
        return [path for path in display_paths if is_media(path)]

    def check_available(self, lang: str, options: BaseModel) -> None:
        """Raise CommandUnavailable when the opensmile package is missing."""
        if self.find_spec("opensmile") is None:
            raise CommandUnavailable(self.name, "the opensmile package is not installed: pip install opensmile")

    def load(self, lang: str, options: BaseModel) -> OpensmileEngine:
        """An engine holding one Smile extractor for the folder's feature set."""
        from hotfolder.commands.opensmile.features import OpensmileEngine

        return OpensmileEngine(OpensmileOptions.model_validate(options.model_dump()).feature_set)


COMMAND = Opensmile()
