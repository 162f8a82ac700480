"""Assemble one utterance's `%mor` and `%gra` text from its tagged tokens.

Chunks are what %gra counts: every token of a word (clitics joined with `~`
make several), every separator, and the terminator. A word's tokens are
numbered in order, so `%gra` heads follow the chunk numbering; separators and
the terminator hang from the root as PUNCT.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from hotfolder.commands.morphotag import english, french
from hotfolder.commands.morphotag.deprel import gra_relation
from hotfolder.commands.morphotag.ud import SEPARATOR_ITEMS, Analysis, mor_word

L2_ITEM = "L2|xxx"
# CHAT special-form markers (`d@u`, `gumma@c`) that replace the category of the word's item.
FORM_CATEGORIES = frozenset("a b c d f fp g i k l ls n o p q sas si sl t u wp x".split())
# Per language: features the pipeline lacks, derived from the utterance's parse (tokens, is a question).
DERIVED: dict[str, Callable[[Sequence[Analysis], bool], list[Analysis]]] = {
    "eng": english.derive,
    "fra": french.derive,
}

# One slot per word of the %mor word list: a separator's text, or the range of
# the word's tokens in the utterance's analyses.
Slot = str | range


def build_tiers(
    slots: Sequence[Slot],
    tokens: Sequence[Analysis],
    terminator: str | None,
    lang: str,
    foreign: frozenset[int] = frozenset(),
    forms: Mapping[int, str] | None = None,
    compounds: frozenset[int] = frozenset(),
    parses: bool = True,
) -> tuple[str, str]:
    """(%mor, %gra) for one utterance with at least one tagged token; %gra is "" when the engine does not parse.

    `foreign` holds the slots of code-switched words (`@s`): written `L2|xxx`
    as batchalign does, one chunk however the tokenizer cut them. `forms`
    maps slots of special-form words to their marker, which replaces the
    category (`d@u` -> `u|de`). `compounds` holds the slots of `+` compounds
    (`ice+cream`), nouns whatever the tagger makes of the joined word.
    """
    if not tokens:
        raise ValueError("an utterance without tagged tokens has no %mor")
    derive = DERIVED.get(lang) if parses else None  # the derivations read the tree
    if derive is not None:
        tokens = derive(tokens, "?" in (terminator or ""))
    if compounds:
        tokens = as_compound_nouns(tokens, [s for i, s in enumerate(slots) if i in compounds])
    forms = forms or {}
    chunk_of: dict[int, int] = {}
    items: list[str] = []
    separators: list[int] = []
    chunk = 0
    for index, slot in enumerate(slots):
        if isinstance(slot, str):
            chunk += 1
            separators.append(chunk)
            items.append(SEPARATOR_ITEMS[slot])
        elif index in foreign:
            chunk += 1
            chunk_of.update(dict.fromkeys(slot, chunk))
            items.append(L2_ITEM)
        else:
            for t in slot:
                chunk += 1
                chunk_of[t] = chunk
            item = "~".join(mor_word(tokens[t], lang) for t in slot)
            if index in forms:
                item = forms[index] + item[item.index("|") :]
            items.append(item)
    if not parses:  # the tokens' heads and relations mean nothing
        return " ".join([*items, terminator] if terminator else items), ""
    root = chunk_of[_root(tokens)]
    relations = {root: f"{root}|0|ROOT"} | {c: f"{c}|{root}|PUNCT" for c in separators}
    # Shallowest first: a foreign word takes the relation of its highest token,
    # whose head lies outside the word, so collapsing it cannot make a cycle.
    for t in sorted(range(len(tokens)), key=lambda t: _depth(tokens, t)):
        token = tokens[t]
        c = chunk_of[t]
        head = chunk_of[token.head] if token.head >= 0 else root
        if c == head:  # the root, or a token inside a one-chunk foreign word
            continue
        # A second root would make two trees: it hangs from the first.
        relation = gra_relation(token.relation) if token.head >= 0 else "DEP"
        relations.setdefault(c, f"{c}|{head}|{relation}")
    if terminator:
        items.append(terminator)
        relations[chunk + 1] = f"{chunk + 1}|{root}|PUNCT"
    return " ".join(items), " ".join(relations[c] for c in sorted(relations))


def as_compound_nouns(tokens: Sequence[Analysis], slots: Sequence[Slot]) -> list[Analysis]:
    """A one-token compound the tagger did not read as a noun or name becomes a noun."""
    out = list(tokens)
    for slot in slots:
        if isinstance(slot, range) and len(slot) == 1:
            t = out[slot[0]]
            if t.upos not in ("NOUN", "PROPN"):
                out[slot[0]] = t._replace(upos="NOUN", lemma=t.text, feats="Number=Sing")
    return out


def _root(tokens: Sequence[Analysis]) -> int:
    return next((t for t, token in enumerate(tokens) if token.head < 0), 0)


def _depth(tokens: Sequence[Analysis], t: int) -> int:
    depth = 0
    while tokens[t].head >= 0 and depth <= len(tokens):
        t = tokens[t].head
        depth += 1
    return depth
