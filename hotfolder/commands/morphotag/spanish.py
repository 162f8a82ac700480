"""Spanish words that are two or three UD words: `del`, `al`, and a verb with its enclitic pronouns (`dámelo`).

spaCy's Spanish tokenizer leaves them whole and tags `dámelo` a noun; UD
Spanish (and batchalign's Stanza) splits them: `del` -> `de el`,
`dámelo` -> `da me lo`, each piece tagged and one %mor item written
`adp|de~det|el-...`, `verb|dar-...~pron|yo-...~pron|él-...`.

A verb takes enclitics as an infinitive (`comerlo`), a gerund (`comiéndolo`)
or an imperative (`cómelo`, `dame`); the written accent the clitics force
(`dá-me-lo`) is not part of the verb and is dropped from its piece. An
infinitive host must be a verb the pipeline's lemmatizer lists (`darte`
splits, `parte` and `inviernos` do not); gerunds and imperatives are told
by their accent, so a few nouns that look like an imperative plus `lo`/`la`
(`pétalo`) are listed as exceptions.
"""

from __future__ import annotations

CONTRACTIONS = {"del": ("de", "el"), "al": ("a", "el")}
CLITICS = ("me", "te", "se", "nos", "os", "lo", "la", "los", "las", "le", "les")
# Imperatives of one syllable, which take clitics without a written accent: dame, dile, hazlo, ponte, vete.
SHORT_IMPERATIVES = frozenset("da di haz pon ten ven ve sal sé".split())
# Words the rules below would split but are not verb + clitic.
NOT_VERBS = frozenset(
    "perla perlas charla charlas burla orla pétalo pétalos escándalo escándalos óvalo óvalos vándalo vándalos "
    "cábala sábalo intervalo merle".split()
)
_PLAIN = str.maketrans("áéíóú", "aeiou")
_VOWELS = "aeiouáéíóú"


def pieces(word: str, verbs: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The UD words of one Spanish CHAT word: itself, unless it is a contraction or a verb with enclitics."""
    lower = word.lower()
    if lower in CONTRACTIONS:
        first, second = CONTRACTIONS[lower]
        return (word[: len(first)], second) if word[:1].isupper() else (first, second)
    if lower in NOT_VERBS or not lower.isalpha() or word[:1].isupper():
        return (word,)
    for count in (2, 1):
        split = _split_enclitics(lower, count, verbs)
        if split is not None:
            host, clitics = split
            return (_verb_piece(host), *clitics)
    return (word,)


def _split_enclitics(word: str, count: int, verbs: frozenset[str]) -> tuple[str, list[str]] | None:
    rest = word
    clitics: list[str] = []
    for _ in range(count):
        clitic = next((c for c in sorted(CLITICS, key=len, reverse=True) if rest.endswith(c) and len(rest) > len(c)), None)
        if clitic is None:
            return None
        clitics.insert(0, clitic)
        rest = rest[: -len(clitic)]
    if count == 2 and clitics[0] not in ("me", "te", "se", "nos", "os"):
        return None  # two clitics: the first is always the indirect one (dá-me-lo, dí-se-lo)
    return (rest, clitics) if _is_verb_host(rest, count, verbs) else None


def _is_verb_host(host: str, clitics: int, verbs: frozenset[str]) -> bool:
    plain = host.translate(_PLAIN)
    accented = plain != host
    if plain.endswith(("ar", "er", "ir")):  # infinitive: comerlo, dármelo, decírselo, oírlo
        return _verb_piece(host) in verbs if verbs else len(plain) >= 3
    if plain.endswith("ndo") and accented:
        return True  # gerund: comiéndolo, dándome
    if host in SHORT_IMPERATIVES:
        return True
    # Imperative: the clitics push the stress back, so the verb carries a written accent (cómelo, siéntate).
    return accented and plain[-1:] in ("a", "e", "i", "n") and (clitics == 2 or len(plain) >= 3)


def _verb_piece(host: str) -> str:
    """The verb without the accent the clitics put on it (`dá` -> `da`), keeping `oír`'s own accent."""
    for i, c in enumerate(host):
        if c in "áéíóú" and not (c == "í" and host.endswith("ír") and i > 0 and host[i - 1] in _VOWELS):
            return host[:i] + c.translate(_PLAIN) + host[i + 1 :]
    return host
