"""Reading one utterance's dependency tree (UD relations, head -1 for the root): the pieces the feature rules share."""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.commands.morphotag.ud import Analysis, parse_feats

SUBJECTS = ("nsubj", "nsubj:pass")
_AUX_RELATIONS = ("aux", "aux:pass", "cop")


def children(tokens: Sequence[Analysis], head: int) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.head == head]


def clause_head(tokens: Sequence[Analysis], i: int) -> int:
    """The token whose clause `i` belongs to: its head when `i` is an auxiliary or copula."""
    t = tokens[i]
    return t.head if t.relation in _AUX_RELATIONS and t.head >= 0 else i


def subject_agreement(tokens: Sequence[Analysis], subject: int) -> tuple[str, str]:
    """(Number, Person) a subject gives its verb: `I` Sing 1, `beans` Plur 3, `you and me` Plur 1."""
    group = [subject, *(k for k in children(tokens, subject) if tokens[k].relation == "conj")]
    persons = []
    number = "Plur" if len(group) > 1 else "Sing"
    for k in group:
        feats = parse_feats(tokens[k].feats)
        persons.append(feats.get("Person", "3") if tokens[k].upos == "PRON" else "3")
        if feats.get("Number") == "Plur":
            number = "Plur"
    return number, min(persons)
