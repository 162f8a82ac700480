"""English features batchalign writes that spaCy's English model does not give, derived from the parse.

spaCy's English pipelines take a word's features from its Penn tag alone: a bare
present verb has no person, `was` is always third person, an imperative is an
infinitive, `-ing`/`-ed` participles carry a Penn-style Aspect, and a name
glued with `_` gets whatever category its pieces suggest. batchalign's Stanza
models (trained on UD English) write person and number from the subject,
`Imp`, no Aspect. These rules turn one utterance's analyses (already in UD
relations) into what that style needs; each is a pure function of the parse.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.commands.morphotag.tree import SUBJECTS, children, clause_head, subject_agreement
from hotfolder.commands.morphotag.ud import Analysis, is_name, parse_feats, with_feats

# Fillers and backchannels a tagger trained on written text reads as anything but an interjection.
FILLERS = frozenset(
    "um uh er erm hm hmm mm mhm mmhm mm-hmm mhmm uh-huh uhhuh uh-oh huh ah aw ooh oops".split()
)
# First words of `_` phrases that are interjections: `bye_bye`, `oh_my_goodness`, `thank_you`.
INTERJECTIONS = frozenset("oh bye hi hello thank thanks yay wow whoops uh_oh night".split())
ARTICLES = {"the": "Definite=Def|PronType=Art", "a": "Definite=Ind|PronType=Art", "an": "Definite=Ind|PronType=Art"}
# UD English's PronType where spaCy's lookup says Ind for all of them.
PRON_TYPES = {
    **dict.fromkeys("everything everyone everybody each both all".split(), "Tot"),
    **dict.fromkeys("any some".split(), "Ind"),
    **dict.fromkeys("nothing nobody noone none neither".split(), "Neg"),
}
MODALS = frozenset("will 'll would 'd can could shall should may might must".split())
POSSESSIVES = frozenset("my your his her its our their".split())
WH_PRONOUNS = frozenset("what who whom whose which".split())
WH_ADVERBS = frozenset("where when why how".split())
# English pronouns are a closed class: a word spaCy calls PRON that is not one of them (`dad` in
# `dad's driving`) is a noun.
PRONOUNS = frozenset(
    """i me my mine myself you your yours yourself yourselves he him his himself she her hers herself it its
    itself we us our ours ourselves they them their theirs themselves theirself one ones oneself this that
    these those what who whom whose which whatever whoever whomever whichever everything everyone everybody
    something someone somebody anything anyone anybody nothing nobody noone none all both each either neither
    some any many much few several another other others such there here 'em y'all ya thee thou yall""".split()
)
_IS = "Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin"


def derive(tokens: Sequence[Analysis], question: bool) -> list[Analysis]:
    """The utterance's analyses with the derived features; `question`: its terminator asks."""
    out = [lexical(t) for t in tokens]
    out = contracted_is(out)
    if question:
        out = [wh_question(t) for t in out]
    out = relatives(out)
    out = [_without_aspect(t) for t in out]
    out = imperatives(out)
    return agreement(out)


def lexical(token: Analysis) -> Analysis:
    """Corrections decided by the word alone: fillers, articles, names, pronoun types, possessive case."""
    text, lower = token.text, token.text.lower()
    if lower in FILLERS:
        return token._replace(upos="INTJ", lemma=lower, feats="")
    if lower == "'em":  # spaCy knows no person or number for it
        return token._replace(upos="PRON", lemma="they", feats="Case=Acc|Number=Plur|Person=3|PronType=Prs")
    if lower in ("'s", "’s") and token.upos == "PRON":  # let's: us
        return token._replace(lemma="we", feats="Case=Acc|Number=Plur|Person=1|PronType=Prs")
    if lower == "no" and token.upos == "DET":
        return with_feats(token, {"PronType": "Neg"})
    if lower in ARTICLES:
        return token._replace(upos="DET", lemma=lower, feats=ARTICLES[lower])
    if "_" in text.strip("_"):
        return compound(token)
    if is_name(text) and token.upos in ("NOUN", "PROPN", "X", "ADJ"):
        # CHAT capitalises only names (and I): the lemma keeps its case.
        return token._replace(upos="PROPN", lemma=text)
    if token.upos == "AUX" and lower in MODALS and "VerbForm=" not in token.feats:
        return with_feats(token, {"VerbForm": "Fin"})  # `'ll` comes without, `will` with
    if token.upos == "PRON":
        feats = parse_feats(token.feats)
        if lower.isalpha() and lower not in PRONOUNS:
            return token._replace(upos="NOUN", lemma=lower, feats="Number=Sing")
        if lower in PRON_TYPES:
            return with_feats(token, {"PronType": PRON_TYPES[lower]})
        if lower in POSSESSIVES and feats.get("Poss") == "Yes" and "Case" not in feats:
            return with_feats(token, {"Case": "Gen"})
    return token


def compound(token: Analysis) -> Analysis:
    """A word joined with `_`: `Humpty_Dumpty` a name; `bye_bye`, `oh_my_goodness` an interjection; else a noun.

    spaCy reads these whole words as anything (`teddy_bear` adv, `thank_you` pron).
    The lemma is the word with its case (cleaning deletes the `_`).
    """
    text = token.text
    if text[:1].isupper():
        return token._replace(upos="PROPN", lemma=text, feats="")
    first = text.split("_", 1)[0].lower()
    if first in FILLERS or first in INTERJECTIONS:
        return token._replace(upos="INTJ", lemma=text, feats="")
    if token.upos in ("NOUN", "PROPN"):
        return token._replace(lemma=text)
    return token._replace(upos="NOUN", lemma=text, feats="Number=Sing")


def contracted_is(tokens: list[Analysis]) -> list[Analysis]:
    """`'s` as the verb it is: spaCy's lemma-less AUX `'s`, and a noun's `'s` that possesses nothing.

    `Mommy's here` -> `is`; `Mommy's got one` -> `has` (before a past
    participle); `John's hat` -> possessive (John is `nmod:poss` of hat). The
    tree keeps its shape: the `'s` stays on its noun, as its copula (or
    auxiliary, before a participle).
    """
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.text.lower() not in ("'s", "’s"):
            continue
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        verb = contracted_verb(following)
        if verb == "have" and following is not None and "VerbForm=Fin" in following.feats:
            out[i + 1] = with_feats(following, {"VerbForm": "Part", "Mood": None, "Number": None, "Person": None})
        if t.upos in ("AUX", "VERB"):
            if t.lemma.lower() not in ("be", "have") or verb == "have":
                out[i] = t._replace(lemma=verb, feats=_IS)
            continue
        if t.upos != "PART" or t.head < 0:
            continue
        owner = tokens[t.head]
        if owner.upos not in ("NOUN", "PROPN") or owner.relation == "nmod:poss":
            continue
        participle = following is not None and "VerbForm=Part" in following.feats
        out[i] = t._replace(lemma=verb, upos="AUX", feats=_IS, relation="aux" if participle or verb == "have" else "cop")
    return out


def contracted_verb(following: Analysis | None) -> str:
    """Which verb a `'s` is: `have` before a past participle or `got`/`been` (`'s got`, `'s been`), else `be`."""
    if following is None:
        return "be"
    if following.text.lower() in ("got", "gotten", "been"):
        return "have"
    return "have" if "VerbForm=Part" in following.feats and "Tense=Past" in following.feats else "be"


def wh_question(token: Analysis) -> Analysis:
    """In a question, a wh-word is a question word, not the subordinator spaCy sometimes makes it."""
    lower = token.text.lower()
    if token.upos != "SCONJ":
        return token
    if lower in WH_PRONOUNS:
        return token._replace(upos="PRON", feats="PronType=Int")
    if lower in WH_ADVERBS:
        return token._replace(upos="ADV", feats="PronType=Int")
    return token


def relatives(tokens: list[Analysis]) -> list[Analysis]:
    """`the boy who was asleep`: a wh-pronoun inside a relative clause is `Rel`, not batchalign's default `Int`."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.upos != "PRON" or t.text.lower() not in ("who", "whom", "which", "that") or "PronType=" in t.feats:
            continue
        c = clause_head(tokens, t.head) if t.head >= 0 else -1
        if c >= 0 and tokens[c].relation == "acl:relcl":
            out[i] = with_feats(t, {"PronType": "Rel"})
    return out


def _without_aspect(token: Analysis) -> Analysis:
    # Penn's VBG/VBN spelled as Aspect=Prog/Perf; UD English writes Tense + VerbForm only.
    if token.upos in ("VERB", "AUX") and "Aspect=" in token.feats:
        return with_feats(token, {"Aspect": None})
    return token


def is_imperative_clause(tokens: Sequence[Analysis], c: int) -> bool:
    """A main clause (root, or conjoined to one) with no subject, no `to`, and no auxiliary but `do`."""
    t = tokens[c]
    if t.head >= 0 and not (t.relation == "conj" and is_imperative_clause(tokens, t.head)):
        return False
    for k in children(tokens, c):
        child = tokens[k]
        if child.relation in (*SUBJECTS, "expl", "mark", "csubj"):
            return False
        if child.relation in ("aux", "aux:pass") and child.lemma.lower() != "do":
            return False
    return True


def imperatives(tokens: list[Analysis]) -> list[Analysis]:
    """`say it`, `be quiet`, `don't go`: the bare verb (or its `do`) is `Fin-Imp`, not `Inf`."""
    out = list(tokens)
    for i, t in enumerate(tokens):
        if t.upos not in ("VERB", "AUX"):
            continue
        c = clause_head(tokens, i)
        if not is_imperative_clause(tokens, c):
            continue
        feats = parse_feats(t.feats)
        do_aux = t.relation == "aux" and t.lemma.lower() == "do"
        has_do = any(tokens[k].relation == "aux" and tokens[k].lemma.lower() == "do" for k in children(tokens, c))
        bare = feats.get("VerbForm") == "Inf" and not has_do and t.relation not in ("aux", "aux:pass")
        # `put it there`: a past form spelled like its lemma, at the head of a subjectless main clause.
        bare_past = feats.get("Tense") == "Past" and t.text.lower() == t.lemma.lower() and i == c
        if do_aux or bare or (bare_past and t.upos == "VERB"):
            out[i] = with_feats(t, {"VerbForm": "Fin", "Mood": "Imp", "Tense": None, "Number": None, "Person": None})
    return out


def name_before(tokens: Sequence[Analysis], c: int) -> list[int]:
    """A name the parser hung off the verb as something else (`Humpty_Dumpty sat`: advmod), read as its subject."""
    return [
        k
        for k in children(tokens, c)
        if k < c and tokens[k].upos == "PROPN" and tokens[k].relation in ("advmod", "dep", "obl:npmod", "compound")
    ][:1]


def agreement(tokens: list[Analysis]) -> list[Analysis]:
    """Finite verbs agree with their subject (`I was` -> S1) and are indicative unless imperative.

    A bare lexical verb keeps only the number (bare_third_singular). Modals
    (finite, no tense) do not inflect and keep what they have. A present
    verb with no subject and no person (`thank you`) is first person, as
    batchalign's model writes it.
    """
    out = list(tokens)
    for i, t in enumerate(tokens):
        feats = parse_feats(t.feats)
        if t.upos not in ("VERB", "AUX") or feats.get("VerbForm") != "Fin" or "Tense" not in feats:
            continue
        if feats.get("Mood") == "Imp":
            continue
        c = clause_head(tokens, i)
        subjects = [k for k in children(tokens, c) if tokens[k].relation in SUBJECTS] or name_before(tokens, c)
        if subjects:
            number, person = subject_agreement(tokens, subjects[0])
        elif "Person" in feats:
            number, person = feats.get("Number", "Sing"), feats["Person"]
        elif feats.get("Tense") == "Pres":
            number, person = "Sing", "1"
        else:
            number, person = feats.get("Number"), feats.get("Person")  # type: ignore[assignment]
        if bare_third_singular(t, number, person):
            person = None  # type: ignore[assignment]
        out[i] = with_feats(t, {"Mood": feats.get("Mood", "Ind"), "Number": number, "Person": person})
    return out


def bare_third_singular(token: Analysis, number: str | None, person: str | None) -> bool:
    """`it bang`: a lexical verb with a third-singular subject but no `-s` does not spell the person.

    %mor describes the word said, so a child's `bang` is `-S`, not `-S3` (as
    batchalign's newer mapper also writes it); `turns` keeps `-S3`.
    """
    return (
        token.upos == "VERB"
        and (number, person) == ("Sing", "3")
        and "Tense=Pres" in token.feats
        and token.text.lower() == token.lemma.lower()
    )
