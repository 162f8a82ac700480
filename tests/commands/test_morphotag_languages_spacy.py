"""Spanish, Japanese, Czech and Finnish through their spaCy pipelines: full %mor + %gra in batchalign's item style.

Spanish and Japanese on real corpus files (their %mor is batchalign's, a
reference); Czech and Finnish, which the corpus lacks, on short constructed sentences.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotfolder.chat import ChatFile, loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.morphotag import spanish
from hotfolder.commands.morphotag.analyzers import Analyzers
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.morphotag.japanese import word_tokens
from tests.commands.test_morphotag_engine import chat_text, check_alignment, write

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
SPANISH = ["batchalign3/batchalign/tests/support/parity/spa_marrero_timed.cha", "talkbank-tools/test-fixtures/bullet_repair_input.cha"]
JAPANESE = ["batchalign3/batchalign/tests/support/parity/jpn_tyo_timed.cha", "chatter/corpus/reference/languages/jpn-conversation.cha"]


@pytest.fixture(scope="module")
def engine() -> MorphotagEngine:
    return MorphotagEngine("eng", Analyzers(), clock=lambda: WHEN)


def tag(engine: MorphotagEngine, path: Path, lang: str = "eng") -> tuple[FileResult, ChatFile]:
    (outcome,) = engine.process([FileTask(path.name, path, lang)])
    assert isinstance(outcome, FileResult), outcome
    return outcome, loads(outcome.outputs[0].data.decode("utf-8"))


def categories(mor: str | None) -> list[str]:
    return [item.split("|")[0] for item in (mor or "").split()[:-1]]


def agreement(reference: ChatFile, tagged: ChatFile) -> float:
    """Share of %mor items whose category (UPOS) matches the reference's, over utterances with as many items."""
    same = total = 0
    for old, new in zip(reference.utterances, tagged.utterances, strict=True):
        a, b = categories(old.tier("mor")), categories(new.tier("mor"))
        if a and len(a) == len(b):
            same += sum(x == y for x, y in zip(a, b, strict=True))
            total += len(a)
    assert total >= 5
    return same / total


@pytest.mark.parametrize("name", SPANISH + JAPANESE)
def test_corpus_files_get_full_tiers_that_agree_with_batchalign(engine: MorphotagEngine, name: str) -> None:
    source = CORPUS / name
    result, tagged = tag(engine, source)
    assert check_alignment(tagged) >= 4
    assert all(u.tier("gra") for u in tagged.utterances if u.tier("mor"))
    assert agreement(loads(source.read_text(encoding="utf-8")), tagged) >= 0.75  # 0.78-0.96 measured
    lang = "spa" if name in SPANISH else "jpn"
    assert result.notes["languages"] == [lang] and "no_gra" not in result.notes


def test_japanese_is_cut_by_sudachi_and_mapped_back_to_the_chat_words(engine: MorphotagEngine) -> None:
    _, tagged = tag(engine, CORPUS / JAPANESE[0])
    first = tagged.utterances[0]
    # Sudachi's normalized forms as lemmas (し -> 為る, お -> 御), batchalign's features for verbs and nouns.
    assert first.tier("mor") == (
        "adv|少し noun|御 noun|話-Acc adp|を verb|為る-Inf-S sconj|て aux|頂く-Inf-S aux|たい-Inf-S sconj|の aux|です-Inf-S sconj|が ."
    )
    assert first.tier("gra") == (
        "1|5|ADVMOD 2|3|COMPOUND 3|5|OBJ 4|3|CASE 5|0|ROOT 6|5|MARK 7|6|FIXED 8|5|AUX 9|5|MARK 10|9|FIXED 11|5|MARK 12|5|PUNCT"
    )
    # `なっ てる と お お は 思い ます`: Sudachi reads `とお`/`おお` across the transcript's cut; those words are
    # cut alone and the others keep their context (`思い` -> 思う, a verb, not the noun it is alone).
    assert (tagged.utterances[6].tier("mor") or "").split()[-3:] == ["verb|思う-Inf-S", "aux|ます-Inf-S", "."]


def test_a_token_inside_one_word_or_straddling_two() -> None:
    words = ["お話", "を", "まあー"]
    assert word_tokens(words, [(0, 1), (1, 2), (2, 3), (3, 5), (5, 6)]) == [[0, 1], [2], [3, 4]]
    assert word_tokens(words, [(0, 2), (2, 4), (4, 6)]) == [[0], None, None]


def test_spanish_contractions_and_enclitics_are_one_item_of_several_words(engine: MorphotagEngine, tmp_path: Path) -> None:
    text = chat_text("*CHI:\tvoy al parque .", "*CHI:\tel gato del vecino está en el jardín .", "*CHI:\tdámelo ahora .",
                     "*CHI:\tquiero comerlo .", languages="spa")  # fmt: skip
    _, tagged = tag(engine, write(tmp_path, "es.cha", text))
    al, de, dame, comer = [(u.tier("mor") or "").split() for u in tagged.utterances]
    assert al[1] == "adp|a~det|el-Masc-Def-Art-Sing"
    assert de[2] == "adp|de~det|el-Masc-Def-Art-Sing"
    assert dame[0].startswith("verb|dar-Fin-") and dame[0].endswith("~pron|yo-Prs-Acc,Dat-S1~pron|él-Prs-Acc-S3")
    assert comer[1] == "verb|comer-Inf-S~pron|él-Prs-Acc-S3"
    # One %gra relation per word of the item: `dámelo ahora .` counts 5 chunks.
    assert len((tagged.utterances[2].tier("gra") or "").split()) == 5
    assert check_alignment(tagged) == 4


def test_spanish_splits_by_spelling_and_the_verb_lexicon() -> None:
    verbs = frozenset({"dar", "comer", "decir", "oír", "hacer"})
    cases = {"del": ("de", "el"), "Al": ("A", "el"), "dámelo": ("da", "me", "lo"), "comiéndolo": ("comiendo", "lo"),
             "decírselo": ("decir", "se", "lo"), "oírlo": ("oír", "lo"), "dime": ("di", "me"), "siéntate": ("sienta", "te"),
             "parte": ("parte",), "inviernos": ("inviernos",), "película": ("película",), "pétalo": ("pétalo",),
             "tomate": ("tomate",), "Carla": ("Carla",)}  # fmt: skip
    assert {word: spanish.pieces(word, verbs) for word in cases} == cases


def test_czech_and_finnish_give_full_ud_items(engine: MorphotagEngine, tmp_path: Path) -> None:
    czech = write(tmp_path, "cs.cha", chat_text("*CHI:\tjá chci jít domů .", languages="ces"))
    finnish = write(tmp_path, "fi.cha", chat_text("*CHI:\tminä haluan mennä kotiin .", languages="fin"))
    cs_result, cs = tag(engine, czech)
    fi_result, fi = tag(engine, finnish)
    assert cs.utterances[0].tier("mor") == "pron|já-Prs-Nom-S1 verb|chtít-Fin-Imp-Ind-Pres-Pos-S1 verb|jít-Inf-Imp-Pos-S adv|domů ."
    assert cs.utterances[0].tier("gra") == "1|2|NSUBJ 2|0|ROOT 3|2|XCOMP 4|3|ADVMOD 5|2|PUNCT"
    assert fi.utterances[0].tier("mor") == "pron|minä-Prs-Nom-S1 verb|haluta-Fin-Ind-Pres-S1 verb|mennä-Inf-S noun|koti-Ill ."
    assert fi.utterances[0].tier("gra") == "1|2|NSUBJ 2|0|ROOT 3|2|XCOMP 4|3|OBL 5|2|PUNCT"
    assert cs_result.engines["cs_core_news_sm"] == "0.2.1"
    assert fi_result.engines["spacy_fi_experimental_web_md"] == "0.15.0"
    assert "[hf morphotag | engine=spacy ; model=spacy_fi_experimental_web_md-0.15.0 ; lang=fin |" in fi_result.outputs[0].data.decode()
