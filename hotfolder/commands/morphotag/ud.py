"""One analysed token -> one `%mor` word in batchalign3's UD style: `pos|lemma-Feat-Feat`.

Follows batchalign3's mapper (../shared/reference/batchalign-output-rules.md):
per-category feature order with its defaults (a verb always has a VerbForm,
`Inf` when the analysis has none, and an agreement slot `S` + person; a pronoun
`Int` when it has no PronType and person 1 when it has none; a determiner `Def`;
an object noun `Acc`), person 0 written 4, lemma cleaning. Two deliberate
differences, both what batchalign2's outputs in the corpus write: a hyphen in a
lemma is deleted (`mm-hmm` -> `mmhmm`, not batchalign3's en dash), and nouns
ending in `ing` get no `-Ger` (batchalign3 writes `noun|thing-Ger`).
Features the English model lacks are derived from the parse first (english.py).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import NamedTuple

COMMA_ITEM = "cm|cm"
# CHAT separators are items of %mor too (chat-format notes, README).
SEPARATOR_ITEMS = {",": COMMA_ITEM, "‡": "cm|begin", "„": "cm|end"}


class Analysis(NamedTuple):
    """What the tagger said about one token of an utterance (a tuple: one per token, made cheaply)."""

    text: str
    lemma: str
    upos: str  # UD UPOS, upper case: "NOUN"
    feats: str  # UD FEATS as spaCy writes them: "Case=Nom|Number=Sing"
    relation: str  # UD relation, lower case with subtype: "obl:arg", "root"
    head: int  # index of the head token in the utterance, -1 for the root


_UPOS = frozenset("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN SCONJ VERB".split())


def category(upos: str) -> str:
    """The %mor category of a UPOS: lower case; SYM and X are `x`, PUNCT and anything unknown `punct`."""
    if upos in _UPOS:
        return upos.lower()
    return "x" if upos in ("SYM", "X") else "punct"


def mor_word(token: Analysis, lang: str) -> str:
    """The `%mor` word for one token; `lang` is the CHAT code of its pipeline."""
    # Of the word's relation only "is it an object" plays a part (the `Acc` default of nouns).
    return _mor_word(token.text, token.lemma, token.upos, token.feats, lang, token.relation == "obj")


@lru_cache(maxsize=1 << 16)
def _mor_word(text: str, lemma: str, upos: str, feats: str, lang: str, is_object: bool = False) -> str:
    if _is_bogus_lemma(text, lemma):
        lemma = text
    if lemma in (",", "$,"):
        return COMMA_ITEM
    if lemma in (".", "!", "?"):
        return "punct|" + lemma
    pos = category(upos)
    stem = sanitize(clean_lemma(lemma, text)) or "x"
    features = [sanitize(f) for f in _features(text, lemma, upos, parse_feats(feats), lang, is_object)]
    return pos + "|" + stem + "".join("-" + f for f in features if f)


def parse_feats(feats: str) -> dict[str, str]:
    """`"Case=Nom|Number=Sing"` -> `{"Case": "Nom", "Number": "Sing"}`."""
    pairs = (item.partition("=") for item in feats.split("|") if item)
    return {key: value for key, _, value in pairs}


def with_feats(token: Analysis, changes: Mapping[str, str | None]) -> Analysis:
    """The token with some features set (or removed, for None), written in UD's sorted order."""
    feats: dict[str, str] = dict(parse_feats(token.feats))
    for key, value in changes.items():
        if value is None:
            feats.pop(key, None)
        else:
            feats[key] = value
    return token._replace(feats="|".join(f"{k}={v}" for k, v in sorted(feats.items(), key=lambda kv: kv[0].lower())))


def is_name(text: str) -> bool:
    """A capitalised word other than `I` and its contractions (`I'm`, `I'll`)."""
    return text[:1].isupper() and text != "I" and not text.startswith("I'") and not text.isupper()


_STRUCTURAL = str.maketrans({c: "_" for c in "|#-&$~"} | {c: None for c in ".?+"})


def sanitize(text: str) -> str:
    """Make a lemma, category or feature safe inside a %mor word: no separators, no blanks."""
    return "".join(text.split()).translate(_STRUCTURAL)


def clean_lemma(lemma: str, text: str) -> str:
    """batchalign's lemma cleaning: drop markup a tagger leaks, fall back to the word."""
    target = lemma
    if not target or target == '"' or target.strip() in ("「", "」") or "<SOS>" in target or "“" in target:
        target = text
    target = target.replace("$", "").replace(".", "")
    if len(target) > 1 and target.startswith("-"):
        target = target[1:]
    if len(target) > 1 and target.endswith("-"):
        target = target[:-1]
    target = target.replace("--", "-").replace("--", "-")
    for junk in ("<unk>", "<SOS>", "/100", "/r", ",", "'", "~", "(", ")", "「", "」"):
        target = target.replace(junk, "")
    if "|" in target:
        target = target.split("|")[0].strip()
    target = target.replace("_", "").replace("+", "")
    # A hyphen starts a feature in %mor; batchalign2 deletes it (`mmhmm`), batchalign3's en dash
    # (`mm–hmm`) is a character no CHAT tool expects inside a lemma.
    target = target.replace("-", "")
    target = re.sub(r"@\w$", "", target).strip()
    return target or text or "x"


def _is_bogus_lemma(text: str, lemma: str) -> bool:
    """A word with letters whose lemma is only punctuation: the tagger got it wrong."""
    if not lemma or lemma == text:
        return False
    return any(c.isalpha() for c in text) and all(not c.isalnum() and not c.isspace() for c in lemma)


def _features(
    text: str, lemma: str, upos: str, feats: Mapping[str, str], lang: str, is_object: bool
) -> list[str]:
    if upos in ("VERB", "AUX"):
        return _verb_features(text, lemma, feats, lang)
    if upos == "PRON":
        return _pron_features(text, feats, lang)
    if upos == "DET":
        return _det_features(feats, lang)
    if upos == "ADJ":
        return _adj_features(feats)
    if upos in ("NOUN", "PROPN"):
        return _noun_features(text, lemma, feats, lang, is_object)
    return []


def _initial(value: str) -> str:
    return value[:1]


def _person(value: str) -> str:
    return "4" if value == "0" else value  # UD's impersonal person 0 is written 4


def _agreement(feats: Mapping[str, str], default_person: str = "") -> str:
    """Verb and adjective agreement: Number's initial (`S` if none) + person: `S3`, `P1`, `S`."""
    return (_initial(feats.get("Number", "")) or "S") + _person(feats.get("Person", "") or default_person)


def _verb_features(text: str, lemma: str, feats: Mapping[str, str], lang: str) -> list[str]:
    out = [feats.get("VerbForm", "Inf")]
    out += [feats[k] for k in ("Aspect", "Mood", "Tense", "Polarity", "Polite") if k in feats]
    out.append(_agreement(feats))
    if lang == "eng" and feats.get("Tense") == "Past" and is_irregular_past(lemma, text):
        out.append("irr")
    return out


def is_irregular_past(lemma: str, form: str) -> bool:
    """An English past form not made by the regular -ed rule: went, was, put, paid."""
    stem, past = lemma.lower(), form.lower()
    if not stem.isalpha() or not past.isalpha():
        return False
    regular = {stem + "ed", stem + stem[-1] + "ed"}  # want-ed, stop-ped
    if stem.endswith("e"):
        regular.add(stem + "d")
    if stem.endswith("c"):
        regular.add(stem + "ked")  # picnic-ked
    if len(stem) > 1 and stem.endswith("y") and stem[-2] not in "aeiou":
        regular.add(stem[:-1] + "ied")
    return past not in regular


# French clitic pronouns whose case the form alone decides; spaCy's French
# pipeline gives pronouns no Case, batchalign reads it from the form too.
# batchalign3's list (`on` has none); the elided j' m' t' l' are ours, unambiguous as their full forms.
_FRENCH_PRONOUN_CASE = {
    **dict.fromkeys(("qui", "je", "j", "tu", "il", "elle", "ils", "elles", "moi", "toi", "lui", "eux"), "Nom"),
    **dict.fromkeys(("que", "quoi", "me", "m", "te", "t", "le", "l", "la", "les", "leur"), "Acc"),
}


def _pron_features(text: str, feats: Mapping[str, str], lang: str) -> list[str]:
    out = [feats.get("PronType") or "Int"]
    if lang == "fra":
        out.append(_FRENCH_PRONOUN_CASE.get(text.lower().strip("'’-"), ""))
    else:
        out.append(feats.get("Case", ""))
    if feats.get("Reflex") == "Yes":
        out.append("reflx")
    if text not in ("that", "who"):
        number = "P" if feats.get("Number", "").startswith("P") else "S"
        out.append(number + _person(feats.get("Person") or "1"))
    return out


def _det_features(feats: Mapping[str, str], lang: str) -> list[str]:
    gender = feats.get("Gender", "")
    if not gender and lang == "fra" and feats.get("Number") != "Plur":
        gender = "Masc"
    out = [] if gender in ("Com", "Com,Neut") else [gender]
    out += [feats.get("Definite") or "Def", feats.get("PronType", ""), feats.get("Number", "")]
    out.append(_initial(feats.get("Number[psor]", "")) + feats.get("Person[psor]", ""))
    return out


def _adj_features(feats: Mapping[str, str]) -> list[str]:
    degree = feats.get("Degree", "")
    return ["" if degree == "Pos" else degree, feats.get("Case", ""), _agreement(feats, "1")]


def _noun_features(text: str, lemma: str, feats: Mapping[str, str], lang: str, is_object: bool) -> list[str]:
    gender = feats.get("Gender", "")
    number = feats.get("Number", "")
    out = [
        "" if gender in ("Com", "Com,Neut") else gender,
        "" if number == "Sing" else number,
        feats.get("Case") or ("Acc" if is_object else ""),
        feats.get("PronType", ""),
    ]
    # French plurals heard as plural: animal -> animaux, travail -> travaux.
    if lang == "fra" and number == "Plur" and text.lower().endswith("aux") and lemma.lower().endswith(("al", "ail")):
        out.append("Apm")
    return out
