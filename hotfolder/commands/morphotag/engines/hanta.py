"""German and Dutch through HanTa (Hanover Tagger): POS and lemma per word, in the context of the utterance.

German tags are STTS, mapped to UD UPOS with the features STTS itself carries
(VerbForm, Mood=Imp, PronType, Definite, Poss, Reflex, Polarity=Neg); STTS has
no case, number or gender, so German items carry none. Dutch tags are CGN
(`N(soort,mv,basis)`), whose attributes give Number, Tense, Degree, Person,
Case and Definite too. Auxiliaries have no tag of their own in either: `sein`,
`haben`, `werden` and the modals are AUX in STTS already (VA*, VM*); Dutch
`zijn`, `worden`, `zullen` and the modals are made AUX by lemma (UD Dutch does
the same), `hebben` stays VERB (as often "to have" in children's speech).

One word -> one token (HanTa does not split words).

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): German ~1,750 utt/s,
load 1.2 s, max RSS ~120 MB; Dutch ~1,000 utt/s, load 4.3 s, max RSS ~900 MB (its
model unpickles large).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotfolder.commands.morphotag.engines.tagonly import (
    LanguageNotServed,
    TagOnlyAnalyzer,
    feats_string,
    one_each,
    token,
    versions_of,
)
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis

LANGUAGES = {"deu": "morphmodel_ger.pgz", "nld": "morphmodel_dutch.pgz"}
DISTRIBUTIONS = ("HanTa==1.2.1",)

_F = dict[str, str]
# STTS -> (UPOS, features). HanTa writes verb tags as `VV(FIN)`; the parentheses are dropped first.
STTS: dict[str, tuple[str, _F]] = {
    "ADJA": ("ADJ", {}), "ADJD": ("ADJ", {}), "ADV": ("ADV", {}),
    "APPR": ("ADP", {}), "APPRART": ("ADP", {}), "APPO": ("ADP", {}), "APZR": ("ADP", {}),
    "ART": ("DET", {"PronType": "Art"}), "CARD": ("NUM", {"NumType": "Card"}), "FM": ("X", {}),
    "ITJ": ("INTJ", {}), "KOUI": ("SCONJ", {}), "KOUS": ("SCONJ", {}), "KON": ("CCONJ", {}),
    "KOKOM": ("CCONJ", {}), "NN": ("NOUN", {}), "NE": ("PROPN", {}),
    "PDS": ("PRON", {"PronType": "Dem"}), "PDAT": ("DET", {"PronType": "Dem"}),
    "PIS": ("PRON", {"PronType": "Ind"}), "PIAT": ("DET", {"PronType": "Ind"}), "PIDAT": ("DET", {"PronType": "Ind"}),
    "PPER": ("PRON", {"PronType": "Prs"}), "PPOSS": ("PRON", {"PronType": "Prs", "Poss": "Yes"}),
    "PPOSAT": ("DET", {"PronType": "Prs", "Poss": "Yes"}), "PRELS": ("PRON", {"PronType": "Rel"}),
    "PRELAT": ("DET", {"PronType": "Rel"}), "PRF": ("PRON", {"PronType": "Prs", "Reflex": "Yes"}),
    "PWS": ("PRON", {"PronType": "Int"}), "PWAT": ("DET", {"PronType": "Int"}), "PWAV": ("ADV", {"PronType": "Int"}),
    "PROAV": ("ADV", {}), "PAV": ("ADV", {}), "PTKZU": ("PART", {}), "PTKNEG": ("PART", {"Polarity": "Neg"}),
    "PTKVZ": ("ADP", {}), "PTKANT": ("PART", {}), "PTKA": ("PART", {}), "TRUNC": ("X", {}), "XY": ("X", {}),
    "VAFIN": ("AUX", {"VerbForm": "Fin"}), "VAIMP": ("AUX", {"VerbForm": "Fin", "Mood": "Imp"}),
    "VAINF": ("AUX", {"VerbForm": "Inf"}), "VAPP": ("AUX", {"VerbForm": "Part"}),
    "VMFIN": ("AUX", {"VerbForm": "Fin"}), "VMINF": ("AUX", {"VerbForm": "Inf"}), "VMPP": ("AUX", {"VerbForm": "Part"}),
    "VVFIN": ("VERB", {"VerbForm": "Fin"}), "VVIMP": ("VERB", {"VerbForm": "Fin", "Mood": "Imp"}),
    "VVINF": ("VERB", {"VerbForm": "Inf"}), "VVIZU": ("VERB", {"VerbForm": "Inf"}), "VVPP": ("VERB", {"VerbForm": "Part"}),
    "$,": ("PUNCT", {}), "$.": ("PUNCT", {}), "$(": ("PUNCT", {}),
}  # fmt: skip


def stts_to_ud(tag: str, lemma: str) -> tuple[str, str]:
    """An STTS tag (HanTa's `VV(FIN)` spelling too) -> (UPOS, UD feats); an unknown tag is X."""
    upos, feats = STTS.get(tag.replace("(", "").replace(")", ""), ("X", {}))
    if tag == "ART":
        feats = {**feats, "Definite": "Ind" if lemma.lower().startswith("ein") else "Def"}
    return upos, feats_string(feats)


# CGN main tag -> UPOS (VNW is decided by its attributes: det / pron / adv-pron).
_CGN = {
    "N": "NOUN", "ADJ": "ADJ", "WW": "VERB", "TW": "NUM", "VNW": "PRON", "LID": "DET", "VZ": "ADP",
    "VG": "CCONJ", "BW": "ADV", "TSW": "INTJ", "SPEC": "X", "LET": "PUNCT",
}  # fmt: skip
_CGN_VALUES = {
    "ev": ("Number", "Sing"), "mv": ("Number", "Plur"), "tgw": ("Tense", "Pres"), "verl": ("Tense", "Past"),
    "comp": ("Degree", "Cmp"), "sup": ("Degree", "Sup"), "nomin": ("Case", "Nom"), "obl": ("Case", "Acc"),
    "gen": ("Case", "Gen"), "dat": ("Case", "Dat"), "1": ("Person", "1"), "2": ("Person", "2"),
    "2v": ("Person", "2"), "2b": ("Person", "2"), "3": ("Person", "3"), "bep": ("Definite", "Def"),
    "onbep": ("Definite", "Ind"), "pers": ("PronType", "Prs"), "bez": ("Poss", "Yes"), "refl": ("Reflex", "Yes"),
    "aanw": ("PronType", "Dem"), "vb": ("PronType", "Int"), "betr": ("PronType", "Rel"), "recip": ("PronType", "Rcp"),
    "pv": ("VerbForm", "Fin"), "inf": ("VerbForm", "Inf"), "vd": ("VerbForm", "Part"), "od": ("VerbForm", "Part"),
}  # fmt: skip
DUTCH_AUX = frozenset({"zijn", "worden", "zullen", "kunnen", "moeten", "mogen", "willen"})


def cgn_to_ud(tag: str, lemma: str) -> tuple[str, str]:
    """A CGN tag `N(soort,mv,basis)` -> (UPOS, UD feats)."""
    main, _, rest = tag.partition("(")
    attrs = [a for a in rest.rstrip(")").split(",") if a]
    upos = _CGN.get(main, "X")
    feats: _F = dict(_CGN_VALUES[a] for a in attrs if a in _CGN_VALUES)
    if (main == "N" and "eigen" in attrs) or (main == "SPEC" and "deeleigen" in attrs):
        upos = "PROPN"
    elif main == "VNW":
        upos = "DET" if "det" in attrs else "ADV" if "adv-pron" in attrs else "PRON"
        if "bez" in attrs:
            feats["PronType"] = "Prs"
        elif "onbep" in attrs:
            feats.pop("Definite", None)
            feats["PronType"] = "Ind"
    elif main == "VG":
        upos = "SCONJ" if "onder" in attrs else "CCONJ"
    elif main == "TW" and "rang" in attrs:
        upos, feats["NumType"] = "ADJ", "Ord"
    elif main == "LID":
        feats["PronType"] = "Art"
    elif main == "WW":
        if "od" in attrs:
            feats["Tense"] = "Pres"
        elif "vd" in attrs:
            feats["Tense"] = "Past"
        if lemma.lower() in DUTCH_AUX:
            upos = "AUX"
    if upos in ("VERB", "AUX") and feats.get("VerbForm") != "Fin":
        feats.pop("Number", None)  # CGN's ev/mv on an infinitive or participle is its inflection, not agreement
    return upos, feats_string(feats)


def hanta_lemma(word: str, lemma: str, upos: str) -> str:
    """HanTa capitalises the lemma of whatever it takes for a name; a word CHAT wrote in lower case keeps
    a lower-case lemma unless it is a (German) noun."""
    if not lemma:
        return word
    if word[:1].islower() and lemma[:1].isupper() and upos != "NOUN":
        return lemma[:1].lower() + lemma[1:]
    return lemma


def load(lang: str) -> TagOnlyAnalyzer:
    """HanTa with the language's model (shipped inside the HanTa wheel)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("HanTa", lang, LANGUAGES, DISTRIBUTIONS[0])
    from HanTa import HanoverTagger  # type: ignore[import-untyped]

    tagger: Any = HanoverTagger.HanoverTagger(LANGUAGES[lang])
    to_ud = stts_to_ud if lang == "deu" else cgn_to_ud

    def tag_utterance(words: Sequence[str]) -> TaggedUtterance:
        rows = tagger.tag_sent(list(words), taglevel=1)
        tokens: list[Analysis] = []
        for word, (_, lemma, tag) in zip(words, rows):
            upos, feats = to_ud(str(tag), str(lemma))
            tokens.append(token(word, hanta_lemma(word, str(lemma), upos), upos, feats))
        return one_each(tokens)

    versions = versions_of("HanTa")
    return TagOnlyAnalyzer(tag_utterance, f"HanTa-{versions['HanTa']}", versions)
