"""The seam between morphotag and a language's engine: what every engine gives back.

spaCy pipelines tag and parse; many other engines (HanTa, jieba, pymorphy3,
apertium analysers...) tag words without a dependency parse. Each engine is
loaded once per worker and tags utterances given as lists of CHAT words, one
`TaggedUtterance` per utterance with the tokens lined up to the words (a word
may give several tokens: clitics and contractions). An engine that does not
parse says so with `parses = False`; its tokens' `relation` and `head` are
then meaningless, morphotag writes `%mor` only and says so in the receipt.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from hotfolder.commands.morphotag.tagger import TaggedUtterance


class Analyzer(Protocol):
    """One language's loaded engine."""

    parses: bool  # gives heads and relations, so %gra can be written
    model: str  # `<package>-<version>` for provenance and receipts
    versions: dict[str, str]  # every package that played a part -> its version (the receipt's engines)

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        """Tag every utterance (a list of CHAT words), in order; tokens as `ud.Analysis` in UD terms."""
        ...
