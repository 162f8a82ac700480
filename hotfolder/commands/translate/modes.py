"""Choosing the apertium mode for a language pair, and naming the Debian package that has it.

CHAT names languages with ISO 639-3 codes (`eng`); apertium's modes use the
codes of their package, ISO 639-3 in newer ones (`eng-spa`) and two letters in
older ones (`en-gl`, `fr-es`). A mode is looked up under both names.
"""

from __future__ import annotations

from collections.abc import Sequence

from hotfolder.errors import HotfolderError

# ISO 639-3 -> the two-letter code older apertium packages use.
TWO_LETTER = {
    "afr": "af", "arg": "an", "ast": "ast", "bel": "be", "bre": "br", "bul": "bg", "cat": "ca", "dan": "da",
    "eng": "en", "epo": "eo", "eus": "eu", "fra": "fr", "glg": "gl", "hbs": "sh", "hin": "hi", "ind": "id",
    "isl": "is", "ita": "it", "mkd": "mk", "nld": "nl", "nno": "nn", "nob": "nb", "nor": "no", "oci": "oc",
    "pol": "pl", "por": "pt", "ron": "ro", "rus": "ru", "slv": "sl", "spa": "es", "srd": "sc", "swe": "sv",
    "ukr": "uk", "urd": "ur",
}  # fmt: skip
THREE_LETTER = {two: three for three, two in TWO_LETTER.items()}

# Debian's apertium pair packages (Debian 13), by the two languages they hold.
DEBIAN_PAIRS: dict[frozenset[str], str] = {
    frozenset(pair.split("-")): package
    for pair, package in {
        "afr-nld": "apertium-afr-nld", "arg-cat": "apertium-arg-cat", "bel-rus": "apertium-bel-rus",
        "bre-fra": "apertium-br-fr", "cat-ita": "apertium-cat-ita", "cat-srd": "apertium-cat-srd",
        "dan-nor": "apertium-dan-nor", "eng-cat": "apertium-eng-cat", "eng-glg": "apertium-en-gl",
        "eng-spa": "apertium-eng-spa", "epo-cat": "apertium-eo-ca", "epo-eng": "apertium-eo-en",
        "epo-spa": "apertium-eo-es", "epo-fra": "apertium-eo-fr", "spa-glg": "apertium-es-gl",
        "spa-por": "apertium-es-pt", "spa-ron": "apertium-es-ro", "eus-eng": "apertium-eu-en",
        "eus-spa": "apertium-eu-es", "fra-spa": "apertium-fr-es", "fra-cat": "apertium-fra-cat",
        "hbs-eng": "apertium-hbs-eng", "hbs-mkd": "apertium-hbs-mkd", "hbs-slv": "apertium-hbs-slv",
        "isl-eng": "apertium-isl-eng", "isl-swe": "apertium-isl-swe", "mkd-bul": "apertium-mkd-bul",
        "mkd-eng": "apertium-mkd-eng", "nno-nob": "apertium-nno-nob", "oci-cat": "apertium-oc-ca",
        "oci-spa": "apertium-oc-es", "oci-fra": "apertium-oci-fra", "por-cat": "apertium-por-cat",
        "por-glg": "apertium-pt-gl", "rus-ukr": "apertium-rus-ukr", "spa-arg": "apertium-spa-arg",
        "spa-ast": "apertium-spa-ast", "spa-cat": "apertium-spa-cat", "spa-ita": "apertium-spa-ita",
        "srd-ita": "apertium-srd-ita", "swe-dan": "apertium-swe-dan", "swe-nor": "apertium-swe-nor",
        "urd-hin": "apertium-urd-hin",
    }.items()
}  # fmt: skip


class NoMode(HotfolderError):
    """apertium cannot translate the asked pair here; the message says what to install."""


def names(lang: str) -> list[str]:
    """The codes apertium may use for a CHAT language: `eng` -> [`eng`, `en`]."""
    two = TWO_LETTER.get(lang)
    return [lang] if two is None or two == lang else [lang, two]


def iso3(code: str) -> str:
    """A mode's language code as CHAT names it: `en` -> `eng`, `eng_US` -> `eng`."""
    base = code.split("_")[0]
    return THREE_LETTER.get(base, base)


def mode_languages(mode: str) -> tuple[str, str] | None:
    """(source, target) of a mode named `src-tgt` (variants like `spa-eng_US` too)."""
    parts = mode.split("-")
    return (iso3(parts[0]), iso3(parts[1])) if len(parts) == 2 else None


def install_hint(source: str, target: str) -> str:
    package = DEBIAN_PAIRS.get(frozenset((source, target)))
    if package is None:
        return "no Debian apertium package translates between them"
    return f"install the Debian package {package} (apt-get install {package})"


def resolve(source: str, target: str | None, pair: str | None, installed: Sequence[str]) -> str:
    """The installed mode to use; raises NoMode saying what is missing.

    `pair` names a mode outright; `target` is a CHAT language reached from
    `source`. With neither: into English (batchalign's default), or from
    English the first installed mode that starts there.
    """
    listed = ", ".join(installed) or "none"
    if pair is not None:
        return _named_pair(source, pair, installed, listed)
    if target is not None:
        return _into(source, target, installed, listed)
    if source != "eng":
        return _into(source, "eng", installed, listed)
    mode = next((mode for mode in installed if (mode_languages(mode) or ("",))[0] == "eng"), None)
    if mode is None:
        raise NoMode(f"apertium has no mode from 'eng' here (installed: {listed}): {install_hint('eng', 'spa')}")
    return mode


def _into(source: str, target: str, installed: Sequence[str], listed: str) -> str:
    if source == target:
        raise NoMode(f"the target language {target!r} is the folder's own language")
    for mode in (f"{s}-{t}" for s in names(source) for t in names(target)):
        if mode in installed:
            return mode
    hint = install_hint(source, target)
    raise NoMode(f"apertium has no mode from {source!r} into {target!r} here (installed: {listed}): {hint}")


def _named_pair(source: str, pair: str, installed: Sequence[str], listed: str) -> str:
    languages = mode_languages(pair)
    if languages is not None and languages[0] != source:
        raise NoMode(f"pair {pair!r} translates from {languages[0]!r}, but the folder's language is {source!r}")
    if pair in installed:
        return pair
    hint = install_hint(*languages) if languages else "see `apertium -l`"
    raise NoMode(f"apertium has no mode {pair!r} here (installed: {listed}): {hint}")
