"""Estonian through EstNLTK's Vabamorf (analysis + disambiguation) and its UD converter: UPOS, lemma, UD feats.

EstNLTK's own text pipeline splits sentences with NLTK's punkt, which it
downloads; here the layers Vabamorf needs are built from the CHAT words
instead: one `tokens`/`words` span per word, no compound tokens, and one
`sentences` span covering each utterance (CHAT already says where it ends); up
to 200 utterances share one Text, each its own sentence.
Vabamorf disambiguates in the sentence's context; the UD converter may still
give several readings, the first is taken. One word -> one token.

Measured here (one process, 2-core host, load excluded, 1,500 random 6-word utterances from a
25-word vocabulary; bench/languages.py measures properly): ~290 utt/s (up to
200 utterances per Text), load ~2-4 s, max RSS ~280 MB.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hotfolder.commands.morphotag.engines.tagonly import (
    LanguageNotServed,
    feats_string,
    one_each,
    token,
    versions_of,
)
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis

LANGUAGES = {"est": "Vabamorf (estnltk) + UDMorphConverter"}
DISTRIBUTIONS = ("estnltk==1.7.5",)


_BATCH = 200  # utterances per EstNLTK Text: a Text per utterance is ~30 % slower


def word_spans(utterances: Sequence[Sequence[str]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The utterances' text (words joined by spaces, utterances by newlines) and each word's (start, end)."""
    spans: list[list[tuple[int, int]]] = []
    start = 0
    for words in utterances:
        spans.append([])
        for word in words:
            spans[-1].append((start, start + len(word)))
            start += len(word) + 1
    return "\n".join(" ".join(words) for words in utterances), spans


class EstonianAnalyzer:
    """Vabamorf + the UD converter over hand-built layers, many utterances (one sentence each) per Text."""

    parses = False

    def __init__(self, vabamorf: Any, converter: Any, layer: Any, text: Any) -> None:
        self._vabamorf, self._converter, self._layer, self._text = vabamorf, converter, layer, text
        self.versions = versions_of("estnltk", "estnltk_core")
        self.model = f"estnltk-{self.versions['estnltk']}"

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        out: list[TaggedUtterance] = []
        for first in range(0, len(utterances), _BATCH):
            out.extend(self._tag_batch(utterances[first : first + _BATCH]))
        return out

    def _tag_batch(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        full = [words for words in utterances if words]
        string, spans = word_spans(full)
        Layer = self._layer
        text = self._text(string)
        tokens = Layer("tokens", text_object=text)
        words_layer = Layer("words", text_object=text, attributes=["normalized_form"], ambiguous=True)
        for span in (span for utterance in spans for span in utterance):
            tokens.add_annotation(span)
            words_layer.add_annotation(span, normalized_form=None)
        text.add_layer(tokens)
        text.add_layer(Layer("compound_tokens", text_object=text, attributes=["type", "normalized"],
                             enveloping="tokens"))  # fmt: skip
        text.add_layer(words_layer)
        sentences = Layer("sentences", text_object=text, enveloping="words")
        word_spans_in_text = [w.base_span for w in text.words]
        first = 0
        for utterance in spans:  # CHAT says where each utterance ends: one sentence each
            sentences.add_annotation(word_spans_in_text[first : first + len(utterance)])
            first += len(utterance)
        text.add_layer(sentences)
        self._vabamorf.tag(text)
        self._converter.tag(text)
        analysed = iter(text[self._converter.output_layer])
        tagged = iter([one_each([_token(word, next(analysed)) for word in words]) for words in full])
        return [next(tagged) if words else TaggedUtterance([], []) for words in utterances]


def _token(word: str, span: Any) -> Analysis:
    reading = span.annotations[0]  # the converter may keep several readings: the first
    feats = {str(k): str(v) for k, v in (reading["feats"] or {}).items()}
    return token(word, str(reading["lemma"] or word), str(reading["upostag"] or "X"), feats_string(feats))


def load(lang: str) -> EstonianAnalyzer:
    """Vabamorf and the UD converter, with hand-built layers (no NLTK punkt)."""
    if lang not in LANGUAGES:
        raise LanguageNotServed("EstNLTK", lang, LANGUAGES, DISTRIBUTIONS[0])
    from estnltk import Layer, Text  # type: ignore[import-untyped]
    from estnltk.taggers import VabamorfTagger  # type: ignore[import-untyped]
    from estnltk.taggers.standard.morph_analysis.ud_morf import UDMorphConverter  # type: ignore[import-untyped]

    return EstonianAnalyzer(VabamorfTagger(), UDMorphConverter(), Layer, Text)
