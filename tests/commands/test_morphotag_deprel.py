"""ClearNLP trees (spaCy English) to UD relations, as tables of small trees."""

from __future__ import annotations

import pytest

from hotfolder.commands.morphotag.deprel import CLEAR_TO_UD, ClearToken, clear_to_ud, gra_relation
from hotfolder.commands.morphotag.pipelines import PIPELINES, load_pipeline

UD_RELATIONS = {
    "root", "acl", "acl:relcl", "advcl", "advmod", "amod", "appos", "aux", "aux:pass", "case", "cc",
    "cc:preconj", "ccomp", "compound", "compound:prt", "conj", "csubj", "csubj:pass", "dep", "det",
    "det:predet", "discourse", "expl", "iobj", "mark", "nmod", "nmod:poss", "nsubj", "nsubj:pass",
    "nummod", "obj", "obl", "obl:agent", "obl:npmod", "parataxis", "punct", "xcomp",
}  # fmt: skip


def test_every_label_of_the_english_parser_has_a_ud_relation() -> None:
    labels = getattr(load_pipeline(PIPELINES["eng"]).get_pipe("parser"), "labels", ())
    assert set(labels) == set(CLEAR_TO_UD)
    assert set(CLEAR_TO_UD.values()) <= UD_RELATIONS


@pytest.mark.parametrize(
    ("clear", "ud"),
    [("dobj", "obj"), ("nsubjpass", "nsubj:pass"), ("intj", "discourse"), ("prt", "compound:prt"),
     ("neg", "advmod"), ("relcl", "acl:relcl"), ("poss", "nmod:poss"), ("dative", "iobj"),
     ("npadvmod", "obl:npmod"), ("ROOT", "root")],
)  # fmt: skip
def test_label_table(clear: str, ud: str) -> None:
    assert CLEAR_TO_UD[clear] == ud


@pytest.mark.parametrize(
    ("relation", "gra"),
    [("obl:arg", "OBL-ARG"), ("nsubj", "NSUBJ"), ("acl:relcl", "ACL-RELCL"), ("", "DEP"), ("aux:tense", "AUX-TENSE")],
)
def test_gra_spelling(relation: str, gra: str) -> None:
    assert gra_relation(relation) == gra


def tree(*rows: tuple[str, str, str, str, int]) -> list[ClearToken]:
    return [ClearToken(text, lemma, upos, label, head) for text, lemma, upos, label, head in rows]


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # went to the store: the object of the preposition takes its place, the preposition is its case.
        (
            tree(("went", "go", "VERB", "ROOT", -1), ("to", "to", "ADP", "prep", 0),
                 ("the", "the", "DET", "det", 3), ("store", "store", "NOUN", "pobj", 1)),
            [(-1, "root"), (3, "case"), (3, "det"), (0, "obl")],
        ),
        # a PP on a noun is nmod
        (
            tree(("cup", "cup", "NOUN", "ROOT", -1), ("of", "of", "ADP", "prep", 0), ("tea", "tea", "NOUN", "pobj", 1)),
            [(-1, "root"), (2, "case"), (0, "nmod")],
        ),
        # a bare PP utterance: the noun becomes the root
        (
            tree(("to", "to", "ADP", "ROOT", -1), ("school", "school", "NOUN", "pobj", 0)),
            [(1, "case"), (-1, "root")],
        ),
        # passive agent
        (
            tree(("chased", "chase", "VERB", "ROOT", -1), ("by", "by", "ADP", "agent", 0), ("cats", "cat", "NOUN", "pobj", 1)),
            [(-1, "root"), (2, "case"), (0, "obl:agent")],
        ),
        # about going: a clausal object is advcl, its preposition a mark
        (
            tree(("think", "think", "VERB", "ROOT", -1), ("about", "about", "ADP", "prep", 0), ("going", "go", "VERB", "pcomp", 1)),
            [(-1, "root"), (2, "mark"), (0, "advcl")],
        ),
        # a preposition with no object stays where it is
        (
            tree(("come", "come", "VERB", "ROOT", -1), ("in", "in", "ADP", "prep", 0)),
            [(-1, "root"), (0, "obl")],
        ),
        # that's right: the predicate is the root, be its copula, the subject moves along
        (
            tree(("that", "that", "PRON", "nsubj", 1), ("'s", "be", "AUX", "ROOT", -1), ("right", "right", "ADJ", "acomp", 1)),
            [(2, "nsubj"), (2, "cop"), (-1, "root")],
        ),
        # an embedded copular clause keeps its relation on the predicate
        (
            tree(("said", "say", "VERB", "ROOT", -1), ("she", "she", "PRON", "nsubj", 3),
                 ("is", "be", "AUX", "ccomp", 0), ("doctor", "doctor", "NOUN", "attr", 2)),
            [(-1, "root"), (3, "nsubj"), (3, "cop"), (0, "ccomp")],
        ),
        # there is a dog: existential be stays the head, the attr is its subject
        (
            tree(("there", "there", "PRON", "expl", 1), ("is", "be", "VERB", "ROOT", -1),
                 ("a", "a", "DET", "det", 3), ("dog", "dog", "NOUN", "attr", 1)),
            [(1, "expl"), (-1, "root"), (3, "det"), (1, "nsubj")],
        ),
        # infinitival to is a mark
        (
            tree(("want", "want", "VERB", "ROOT", -1), ("to", "to", "PART", "aux", 2), ("go", "go", "VERB", "xcomp", 0)),
            [(-1, "root"), (2, "mark"), (0, "xcomp")],
        ),
        # an unknown label is an unspecified dependency
        (tree(("x", "x", "X", "ROOT", -1), ("y", "y", "X", "weird", 0)), [(-1, "root"), (0, "dep")]),
    ],
)
def test_rehanging(tokens: list[ClearToken], expected: list[tuple[int, str]]) -> None:
    assert clear_to_ud(tokens) == expected


def test_rehanging_keeps_a_single_rooted_tree() -> None:
    # she has been happy about going to the park
    tokens = tree(
        ("she", "she", "PRON", "nsubj", 2), ("has", "have", "AUX", "aux", 2), ("been", "be", "AUX", "ROOT", -1),
        ("happy", "happy", "ADJ", "acomp", 2), ("about", "about", "ADP", "prep", 3),
        ("going", "go", "VERB", "pcomp", 4), ("to", "to", "ADP", "prep", 5),
        ("the", "the", "DET", "det", 8), ("park", "park", "NOUN", "pobj", 6),
    )  # fmt: skip
    result = clear_to_ud(tokens)
    heads = [h for h, _ in result]
    assert [i for i, h in enumerate(heads) if h < 0] == [3]
    for start in range(len(heads)):  # every token reaches the root without a cycle
        seen, at = set(), start
        while heads[at] >= 0:
            assert at not in seen
            seen.add(at)
            at = heads[at]
    assert result[2] == (3, "cop") and result[5] == (3, "advcl") and result[8] == (5, "obl")
