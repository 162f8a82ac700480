"""apertium's morphological tags in UD terms: UPOS and FEATS for one reading (a pure table).

A reading is `lemma<tag><tag>...` (the first tag the part of speech); a
contraction joins readings with `+` (`de<pr>+el<det><def><m><sg>`), handled by
the caller. The tags are those of the Debian analysers of Catalan, Italian,
Portuguese, Galician, Spanish, Swedish, Danish, Serbo-Croatian and Basque.
Choices, where apertium and UD cut differently:
- `vbser` (ser/estar, Scandinavian `vara`), `vbhaver`, `vbmod`, `vaux` are AUX;
  Basque synthetic verbs (`vbsint`) are AUX for izan/ukan/edun, VERB otherwise.
- a determiner standing alone (`detnt`, Spanish neuter `lo`) stays DET; `rel` readings are PRON.
- `<mf>`, `<sp>`, `<ut>`-less common forms leave Gender / Number unset (UD sets none).
- Romance tenses follow UD's Romance treebanks: `pii` Tense=Imp, `ifi` Tense=Past, `pmp` Tense=Pqp.
"""

from __future__ import annotations

from typing import NamedTuple


class Reading(NamedTuple):
    lemma: str
    upos: str
    feats: str  # UD FEATS, sorted by name: "Gender=Masc|Number=Sing"


POS = {
    "n": "NOUN", "np": "PROPN", "adj": "ADJ", "adv": "ADV", "preadv": "ADV", "vblex": "VERB", "vbser": "AUX",
    "vbhaver": "AUX", "vbmod": "AUX", "vaux": "AUX", "vbdo": "AUX", "vbcop": "AUX", "det": "DET", "detnt": "DET",
    "predet": "DET", "prn": "PRON", "rel": "PRON", "pr": "ADP", "post": "ADP", "cnjcoo": "CCONJ",
    "cnjsub": "SCONJ", "cnjadv": "SCONJ", "ij": "INTJ", "num": "NUM", "part": "PART", "cm": "PUNCT",
    "sent": "PUNCT", "lpar": "PUNCT", "rpar": "PUNCT", "lquest": "PUNCT", "guio": "PUNCT", "quot": "PUNCT",
    "apos": "PUNCT", "percent": "SYM", "vbsint": "VERB", "abbr": "X", "ie": "PART", "inf": "PART",
}  # fmt: skip

# tag -> (feature, value); later tags of the same feature do not override earlier ones.
FEATURES = {
    "m": ("Gender", "Masc"), "f": ("Gender", "Fem"), "nt": ("Gender", "Neut"), "ut": ("Gender", "Com"),
    "ma": ("Gender", "Masc"), "mi": ("Gender", "Masc"), "mp": ("Gender", "Masc"),
    "sg": ("Number", "Sing"), "pl": ("Number", "Plur"), "du": ("Number", "Dual"),
    "p1": ("Person", "1"), "p2": ("Person", "2"), "p3": ("Person", "3"),
    "nom": ("Case", "Nom"), "acc": ("Case", "Acc"), "gen": ("Case", "Gen"), "dat": ("Case", "Dat"),
    "loc": ("Case", "Loc"), "ins": ("Case", "Ins"), "voc": ("Case", "Voc"), "abl": ("Case", "Abl"),
    "def": ("Definite", "Def"), "ind": ("Definite", "Ind"), "art": ("Definite", "Def"),
    "dem": ("PronType", "Dem"), "itg": ("PronType", "Int"), "qnt": ("PronType", "Ind"),
    "pos": ("Poss", "Yes"), "ref": ("Reflex", "Yes"), "neg": ("Polarity", "Neg"),
    "comp": ("Degree", "Cmp"), "sup": ("Degree", "Sup"), "pst": ("Degree", "Pos"),
    "impf": ("Aspect", "Imp"), "perf": ("Aspect", "Perf"), "pasv": ("Voice", "Pass"), "actv": ("Voice", "Act"),
    "ord": ("NumType", "Ord"),
}  # fmt: skip
ANIMACY = {"ma": "Anim", "mi": "Inan"}  # Serbo-Croatian masculine animate / inanimate

# verb form tags -> their UD features
VERB_FORMS: dict[str, tuple[tuple[str, str], ...]] = {
    "inf": (("VerbForm", "Inf"),),
    "ger": (("VerbForm", "Ger"),),
    "pp": (("Tense", "Past"), ("VerbForm", "Part")),
    "lp": (("Tense", "Past"), ("VerbForm", "Part")),
    "pprs": (("Tense", "Pres"), ("VerbForm", "Part")),
    "supn": (("VerbForm", "Sup"),),
    "pri": (("Mood", "Ind"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "pres": (("Mood", "Ind"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "pii": (("Mood", "Ind"), ("Tense", "Imp"), ("VerbForm", "Fin")),
    "ifi": (("Mood", "Ind"), ("Tense", "Past"), ("VerbForm", "Fin")),
    "past": (("Mood", "Ind"), ("Tense", "Past"), ("VerbForm", "Fin")),
    "aor": (("Mood", "Ind"), ("Tense", "Past"), ("VerbForm", "Fin")),
    "pmp": (("Mood", "Ind"), ("Tense", "Pqp"), ("VerbForm", "Fin")),
    "fti": (("Mood", "Ind"), ("Tense", "Fut"), ("VerbForm", "Fin")),
    "cni": (("Mood", "Cnd"), ("VerbForm", "Fin")),
    "prs": (("Mood", "Sub"), ("Tense", "Pres"), ("VerbForm", "Fin")),
    "pis": (("Mood", "Sub"), ("Tense", "Imp"), ("VerbForm", "Fin")),
    "fts": (("Mood", "Sub"), ("Tense", "Fut"), ("VerbForm", "Fin")),
    "imp": (("Mood", "Imp"), ("VerbForm", "Fin")),
}
_VERBAL = frozenset({"VERB", "AUX"})
_PRONOUN_TYPES = {"pers": "Prs", "tn": "Prs", "pro": "Prs", "enc": "Prs", "rel": "Rel", "ind": "Ind"}
BASQUE_AUXILIARIES = frozenset({"izan", "ukan", "edun", "*edin", "*ezan"})
# Basque case postpositions (the analyser's `<post>` readings) -> UD Case, as UD_Basque-BDT writes it.
BASQUE_CASES = {
    "ra": "All", "tik": "Abl", "n": "Ine", "ko": "Loc", "ren": "Gen", "ri": "Dat", "k": "Erg", "kin": "Com",
    "z": "Ins", "rentzat": "Ben", "rako": "Des", "raino": "Ter",
}  # fmt: skip
# Verbs apertium's Swedish dictionary lists as `vblex` that UD_Swedish tags AUX: the copula and the modals.
AUXILIARY_LEMMAS = frozenset({"vara", "kunna", "vilja", "skola", "måste", "böra"})
_HOMOGRAPH = str.maketrans("", "", "⁰¹²³⁴⁵⁶⁷⁸⁹")  # `vara¹`, `skola¹`: apertium's homograph numbers
# Closed-class words the Serbo-Croatian dictionary lacks (it reads `ja`, `se`, `mu` as unknown).
UNKNOWN_WORDS: dict[str, dict[str, tuple[str, str]]] = {
    "hrv": {
        "ja": ("ja", "Case=Nom|Number=Sing|Person=1"), "me": ("ja", "Case=Acc|Number=Sing|Person=1"),
        "mi": ("mi", "Case=Nom|Number=Plur|Person=1"), "nam": ("mi", "Case=Dat|Number=Plur|Person=1"),
        "tebe": ("ti", "Case=Acc|Number=Sing|Person=2"), "vam": ("vi", "Case=Dat|Number=Plur|Person=2"),
        "on": ("on", "Case=Nom|Gender=Masc|Number=Sing|Person=3"),
        "ga": ("on", "Case=Acc|Gender=Masc|Number=Sing|Person=3"),
        "mu": ("on", "Case=Dat|Gender=Masc|Number=Sing|Person=3"),
        "njemu": ("on", "Case=Dat|Gender=Masc|Number=Sing|Person=3"),
        "ju": ("ona", "Case=Acc|Gender=Fem|Number=Sing|Person=3"),
        "nju": ("ona", "Case=Acc|Gender=Fem|Number=Sing|Person=3"),
        "njoj": ("ona", "Case=Dat|Gender=Fem|Number=Sing|Person=3"),
        "im": ("oni", "Case=Dat|Number=Plur|Person=3"),
        "se": ("sebe", "Case=Acc|Reflex=Yes"), "sebi": ("sebe", "Case=Dat|Reflex=Yes"),
    },
}  # fmt: skip
# Spanish clitic pronouns under the lemma UD_Spanish-AnCora (and so spaCy's es model) gives them.
SPANISH_CLITIC_LEMMAS = {
    "me": "yo", "te": "tú", "nos": "nosotros", "os": "vosotros", "se": "él", "lo": "él", "la": "él", "los": "él",
    "las": "él", "le": "él", "les": "él",
}  # fmt: skip
# Romance enclitics/proclitics carry the placeholder lemma `prpers`: the pronoun by person and number.
CLITIC_LEMMAS = {
    ("1", "Sing"): "me", ("2", "Sing"): "te", ("1", "Plur"): "nos", ("2", "Plur"): "os", ("3", ""): "se",
}  # fmt: skip


def split_reading(reading: str) -> tuple[str, list[str]]:
    """`gat<n><m><sg>` -> (`gat`, [`n`, `m`, `sg`])."""
    start = reading.find("<")
    if start < 0:
        return reading, []
    return reading[:start], reading[start + 1 : -1].split("><") if reading.endswith(">") else []


def to_ud(reading: str, surface: str, lang: str = "") -> Reading:
    """One apertium reading (no `+`) as lemma, UPOS and FEATS; `*word` (unknown) -> X, or PROPN if capitalised,
    unless the language's list of UNKNOWN_WORDS has it (all personal pronouns)."""
    if reading.startswith("*") or reading.startswith("@") or reading.startswith("#") or not reading:
        word = reading[1:] or surface
        known = UNKNOWN_WORDS.get(lang, {}).get(word.lower())
        if known is not None:
            return Reading(known[0], "PRON", write(dict(part.split("=") for part in f"{known[1]}|PronType=Prs".split("|"))))
        if not any(char.isalnum() for char in word):
            return Reading(word, "PUNCT", "")
        return Reading(word, "PROPN" if word[:1].isupper() else "X", "")
    lemma, tags = split_reading(reading)
    lemma = lemma.translate(_HOMOGRAPH)
    upos = POS.get(tags[0], "X") if tags else "X"
    if upos == "VERB" and lemma in AUXILIARY_LEMMAS:
        upos = "AUX"
    if upos == "VERB" and tags[0] == "vbsint" and lemma in BASQUE_AUXILIARIES:
        upos = "AUX"
    feats = _features(upos, tags)
    if upos == "NUM" and "ord" in tags:
        upos = "ADJ"
    if lemma == "prpers":
        lemma = CLITIC_LEMMAS.get((feats.get("Person", ""), feats.get("Number", "")), "")
        lemma = lemma or CLITIC_LEMMAS.get((feats.get("Person", ""), ""), surface.lower())
    if lang == "spa" and upos == "PRON" and ("enc" in tags or "pro" in tags):
        lemma = SPANISH_CLITIC_LEMMAS.get(lemma, lemma)
    if upos == "ADP" and tags[0] == "post" and lemma in BASQUE_CASES:
        feats["Case"] = BASQUE_CASES[lemma]
    return Reading(lemma or surface, upos, write(feats))


def _features(upos: str, tags: list[str]) -> dict[str, str]:
    feats: dict[str, str] = {}
    rest = tags[1:]
    for tag in rest:
        if upos in _VERBAL and tag in VERB_FORMS:
            for name, value in VERB_FORMS[tag]:
                feats.setdefault(name, value)
            continue
        if tag == "ind" and upos == "PRON":
            feats.setdefault("PronType", "Ind")
            continue
        pair = FEATURES.get(tag)
        if pair is not None:
            feats.setdefault(*pair)
        if tag in ANIMACY:
            feats.setdefault("Animacy", ANIMACY[tag])
    if upos == "DET" and "Definite" in feats and "PronType" not in feats:
        feats["PronType"] = "Art"
    if upos == "DET" and feats.get("Poss") == "Yes":
        feats.setdefault("PronType", "Prs")
    if upos == "PRON":
        kind = next((_PRONOUN_TYPES[tag] for tag in tags if tag in _PRONOUN_TYPES), None)
        if tags[0] == "rel":
            kind = "Rel"
        if kind is not None:
            feats.setdefault("PronType", kind)
        feats.pop("Definite", None)
    if upos == "NUM":
        feats.setdefault("NumType", "Card")
    if upos == "ADJ" and feats.get("Degree") == "Pos":
        feats.pop("Degree")
    return feats


def write(feats: dict[str, str]) -> str:
    """UD FEATS as spaCy writes them: sorted by name, `|`-joined."""
    return "|".join(f"{name}={feats[name]}" for name in sorted(feats, key=str.lower))


def merge(readings: list[Reading], lang: str = "") -> Reading:
    """A `+`-joined analysis as one word (Basque `etxe<n>+a<det>+ra<post>`): the first reading's lemma and UPOS,
    the features of all (the first one's winning), a determiner's PronType left out. A Basque noun with its
    article and no case suffix is absolutive (`katu<n>+a<det>`: Case=Abs, as UD_Basque-BDT writes it)."""
    first = readings[0]
    feats = dict(part.split("=", 1) for part in first.feats.split("|") if part)
    for reading in readings[1:]:
        for part in filter(None, reading.feats.split("|")):
            name, value = part.split("=", 1)
            if name != "PronType":
                feats.setdefault(name, value)
    if lang == "eus" and "Case" not in feats and any(reading.upos == "DET" for reading in readings[1:]):
        feats["Case"] = "Abs"
    return Reading(first.lemma, first.upos, write(feats))
