"""Dependency relations: ClearNLP trees (spaCy's English pipelines) to UD, and the %gra spelling.

spaCy's English models are trained on ClearNLP dependencies (`dobj`, `prep` +
`pobj`, copula as head); %gra speaks UD. Labels map through one table, and the
two places where the trees differ in shape are re-hung the UD way: a
preposition becomes `case` of its object (which takes the preposition's place),
and `be` with an `attr`/`acomp` predicate becomes `cop` of that predicate.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

ROOT = "root"

CLEAR_TO_UD: dict[str, str] = {
    "ROOT": ROOT,
    "acl": "acl",
    "acomp": "xcomp",
    "advcl": "advcl",
    "advmod": "advmod",
    "agent": "obl:agent",
    "amod": "amod",
    "appos": "appos",
    "attr": "xcomp",
    "aux": "aux",
    "auxpass": "aux:pass",
    "case": "case",
    "cc": "cc",
    "ccomp": "ccomp",
    "compound": "compound",
    "conj": "conj",
    "csubj": "csubj",
    "csubjpass": "csubj:pass",
    "dative": "iobj",
    "dep": "dep",
    "det": "det",
    "dobj": "obj",
    "expl": "expl",
    "intj": "discourse",
    "mark": "mark",
    "meta": "dep",
    "neg": "advmod",
    "nmod": "nmod",
    "npadvmod": "obl:npmod",
    "nsubj": "nsubj",
    "nsubjpass": "nsubj:pass",
    "nummod": "nummod",
    "oprd": "xcomp",
    "parataxis": "parataxis",
    "pcomp": "advcl",
    "pobj": "obl",
    "poss": "nmod:poss",
    "preconj": "cc:preconj",
    "predet": "det:predet",
    "prep": "obl",
    "prt": "compound:prt",
    "punct": "punct",
    "quantmod": "advmod",
    "relcl": "acl:relcl",
    "xcomp": "xcomp",
}

_PREDICATES = frozenset({"attr", "acomp"})
_NOMINALS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})


class ClearToken(NamedTuple):
    """One parsed token as the ClearNLP conversion needs it (a tuple: one per token, made cheaply)."""

    text: str
    lemma: str
    upos: str
    label: str  # ClearNLP label as spaCy gives it ("ROOT" for the root)
    head: int  # -1 for the root


def gra_relation(relation: str) -> str:
    """`obl:arg` -> `OBL-ARG`: %gra writes relations upper case with dash subtypes."""
    return (relation or "dep").upper().replace(":", "-")


def clear_to_ud(tokens: Sequence[ClearToken]) -> list[tuple[int, str]]:
    """UD (head, relation) for every token of one ClearNLP tree; head -1 is the root."""
    heads = [t.head for t in tokens]
    labels = [_table_label(t) for t in tokens]
    # Whatever governs a `pobj`/`pcomp` is a preposition, also as the root of "to the store".
    for p in sorted({t.head for t in tokens if t.label in ("pobj", "pcomp") and t.head >= 0}):
        _rehang_preposition(p, tokens, heads, labels)
    for c, token in enumerate(tokens):
        if token.lemma.lower() == "be" and token.upos in ("AUX", "VERB"):
            _rehang_copula(c, tokens, heads, labels)
    return list(zip(heads, labels, strict=True))


def _table_label(token: ClearToken) -> str:
    if token.label == "aux" and token.text.lower() == "to":
        return "mark"  # infinitival "to" is aux in ClearNLP, mark in UD
    return CLEAR_TO_UD.get(token.label, "dep")


def _children(of: int, heads: list[int]) -> list[int]:
    return [i for i, h in enumerate(heads) if h == of]


def _promote(new: int, old: int, heads: list[int]) -> None:
    """`new` (a child of `old`) takes `old`'s place; `old` and its other children hang from `new`."""
    for child in _children(old, heads):
        if child != new:
            heads[child] = new
    heads[new] = heads[old]
    heads[old] = new


def _rehang_preposition(p: int, tokens: Sequence[ClearToken], heads: list[int], labels: list[str]) -> None:
    children = _children(p, heads)
    objects = [i for i in children if tokens[i].label == "pobj"] or [i for i in children if tokens[i].label == "pcomp"]
    if not objects:
        return
    obj = objects[0]
    governor = heads[p]
    nominal = governor >= 0 and tokens[governor].upos in _NOMINALS
    if tokens[obj].label == "pobj":
        labels[obj] = "obl:agent" if tokens[p].label == "agent" else ("nmod" if nominal else "obl")
        labels[p] = "case"
    else:
        labels[obj] = "acl" if nominal else "advcl"
        labels[p] = "mark"
    if governor < 0:
        labels[obj] = ROOT
    _promote(obj, p, heads)


def _rehang_copula(c: int, tokens: Sequence[ClearToken], heads: list[int], labels: list[str]) -> None:
    children = _children(c, heads)
    predicates = [i for i in children if tokens[i].label in _PREDICATES]
    if not predicates:
        return
    predicate = predicates[0]
    if any(tokens[i].label == "expl" for i in children):
        labels[predicate] = "nsubj"  # "there is a dog": the attr is the subject in UD
        return
    labels[predicate] = labels[c]
    labels[c] = "cop"
    _promote(predicate, c, heads)
