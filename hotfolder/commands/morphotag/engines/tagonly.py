"""What every tag-only engine module shares: the Analyzer they return and the error for a language they do not serve.

A tag-only engine gives UPOS, lemma and UD features per token but no parse, so
each token's relation is "" and its head -1 (`parses = False`: morphotag writes
%mor only). Engines tag words one CHAT word at a time or one utterance at a
time; either way they return, per utterance, the tokens and which tokens came
from which word.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from importlib.metadata import PackageNotFoundError, version

from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis
from hotfolder.errors import HotfolderError


class LanguageNotServed(HotfolderError):
    """`load(lang)` was asked for a language its module does not serve."""

    def __init__(self, module: str, lang: str, served: Iterable[str], distribution: str) -> None:
        self.lang = lang
        super().__init__(f"the {module} morphotag engine ({distribution}) serves {', '.join(sorted(served))}, not {lang!r}")


def token(text: str, lemma: str, upos: str, feats: str = "") -> Analysis:
    """A token of a tag-only engine: no relation, no head."""
    return Analysis(text, lemma, upos, feats, "", -1)


def feats_string(feats: dict[str, str]) -> str:
    """`{"Number": "Plur", "Case": "Nom"}` -> `"Case=Nom|Number=Plur"` (UD's order: sorted, case-insensitive)."""
    return "|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower()) if v)


def versions_of(*distributions: str) -> dict[str, str]:
    """Installed version of each pip distribution (for receipts), "unknown" when metadata is missing."""
    found: dict[str, str] = {}
    for name in distributions:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "unknown"
    return found


def from_words(words: Sequence[str], tag_word: Callable[[str], list[Analysis]]) -> TaggedUtterance:
    """An utterance tagged word by word: each word gives one or more tokens."""
    tokens: list[Analysis] = []
    ranges: list[range] = []
    for word in words:
        pieces = tag_word(word)
        ranges.append(range(len(tokens), len(tokens) + len(pieces)))
        tokens.extend(pieces)
    return TaggedUtterance(tokens, ranges)


def one_each(tokens: list[Analysis]) -> TaggedUtterance:
    """An utterance whose engine gave exactly one token per word."""
    return TaggedUtterance(tokens, [range(i, i + 1) for i in range(len(tokens))])


class TagOnlyAnalyzer:
    """An Analyzer from a function tagging one utterance (a list of CHAT words)."""

    parses = False

    def __init__(self, tag_utterance: Callable[[Sequence[str]], TaggedUtterance], model: str, versions: dict[str, str]) -> None:
        self._tag_utterance = tag_utterance
        self.model = model
        self.versions = versions

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        return [self._tag_utterance(words) if words else TaggedUtterance([], []) for words in utterances]
