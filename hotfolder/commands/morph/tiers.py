"""Assemble one utterance's `%mor` and `%gra` text from its tagged tokens.

Chunks are what %gra counts: every token of a word (clitics joined with `~`
make several), every separator, and the terminator. A word's tokens are
numbered in order, so `%gra` heads follow the chunk numbering; separators and
the terminator hang from the root as PUNCT.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.commands.morph.deprel import gra_relation
from hotfolder.commands.morph.ud import SEPARATOR_ITEMS, Analysis, mor_word

# One slot per word of the %mor word list: a separator's text, or the range of
# the word's tokens in the utterance's analyses.
Slot = str | range


def build_tiers(slots: Sequence[Slot], tokens: Sequence[Analysis], terminator: str | None, lang: str) -> tuple[str, str]:
    """(%mor, %gra) for one utterance with at least one tagged token."""
    if not tokens:
        raise ValueError("an utterance without tagged tokens has no %mor")
    root = _root(tokens)
    chunk_of: dict[int, int] = {}
    items: list[str] = []
    separators: list[int] = []
    chunk = 0
    for slot in slots:
        if isinstance(slot, str):
            chunk += 1
            separators.append(chunk)
            items.append(SEPARATOR_ITEMS[slot])
            continue
        for t in slot:
            chunk += 1
            chunk_of[t] = chunk
        items.append("~".join(mor_word(tokens[t], lang) for t in slot))
    root_chunk = chunk_of[root]
    relations: dict[int, str] = {c: f"{c}|{root_chunk}|PUNCT" for c in separators}
    for t, token in enumerate(tokens):
        if t == root:
            relations[root_chunk] = f"{root_chunk}|0|ROOT"
        elif token.head < 0:  # a second root: keep the tree single-rooted
            relations[chunk_of[t]] = f"{chunk_of[t]}|{root_chunk}|DEP"
        else:
            relations[chunk_of[t]] = f"{chunk_of[t]}|{chunk_of[token.head]}|{gra_relation(token.relation)}"
    if terminator:
        items.append(terminator)
        relations[chunk + 1] = f"{chunk + 1}|{root_chunk}|PUNCT"
    return " ".join(items), " ".join(relations[c] for c in sorted(relations))


def _root(tokens: Sequence[Analysis]) -> int:
    return next((t for t, token in enumerate(tokens) if token.head < 0), 0)
