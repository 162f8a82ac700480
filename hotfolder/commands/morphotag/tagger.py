"""Run a spaCy pipeline over CHAT words given as pre-tokenized input, keeping tokens aligned.

The CHAT transcript decides what a word is, not the tokenizer: each utterance
becomes a `Doc` built from its words, so token and word boundaries agree. A
word the pipeline's tokenizer would cut into word-like pieces (`don't` ->
`do n't`, `l'homme` -> `l' homme`) is given as those pieces, which become the
`~`-joined clitics of one %mor item. The parser is held to one sentence per
utterance, so every utterance has exactly one root.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from hotfolder.commands.morphotag import spanish
from hotfolder.commands.morphotag.deprel import ROOT, ClearToken, clear_to_ud
from hotfolder.commands.morphotag.ud import Analysis

_CACHE_LIMIT = 200_000  # distinct words remembered per pipeline; a worker sees a lab's vocabulary


@dataclass(frozen=True)
class TaggedUtterance:
    tokens: list[Analysis]
    words: list[range]  # per input word, the range of its tokens


class Tagger:
    """One spaCy pipeline, ready to tag lists of CHAT words; reuse it for every batch."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        parser_labels = getattr(nlp.get_pipe("parser"), "labels", ()) if nlp.has_pipe("parser") else ()
        self._clear = "dobj" in parser_labels  # ClearNLP-trained (English) rather than UD
        self._nouns = _noun_lemma_index(nlp)
        self._english = nlp.lang == "en"
        self._french = nlp.lang == "fr"
        self._spanish_verbs = _lemma_index(nlp, "verb") if nlp.lang == "es" else None
        self._pieces: dict[str, tuple[str, ...]] = {}

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        """Tag every utterance (a list of words) in one `nlp.pipe` stream, in order."""
        layouts = [[self.pieces(word) for word in words] for words in utterances]
        docs = (self._doc(layout) for layout in layouts if layout)
        tagged = iter(self.nlp.pipe(docs))
        return [self._result(layout, next(tagged)) if layout else TaggedUtterance([], []) for layout in layouts]

    def pieces(self, word: str) -> tuple[str, ...]:
        """How the pipeline's tokenizer cuts one word, if it cuts it into word-like pieces."""
        cached = self._pieces.get(word)
        if cached is None:
            cached = split_clitics(word, [t.text for t in self.nlp.tokenizer(word)]) if word else ("_",)
            if self._english and len(cached) == 1:
                cached = split_english_clitic(word)
            elif self._french and len(cached) == 1:
                cached = FRENCH_CONTRACTIONS.get(word, cached)
            elif self._spanish_verbs is not None and len(cached) == 1:
                cached = spanish.pieces(word, self._spanish_verbs)
            if len(self._pieces) >= _CACHE_LIMIT:
                self._pieces.clear()
            self._pieces[word] = cached
        return cached

    def _doc(self, layout: list[tuple[str, ...]]) -> Doc:
        words = [piece for pieces in layout for piece in pieces]
        if len(words) == len(layout):  # no word was cut: the usual case
            spaces = [True] * len(words)
        else:
            spaces = [i == len(pieces) - 1 for pieces in layout for i in range(len(pieces))]
        starts: list[bool | int | None] = [True, *[False] * (len(words) - 1)]
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    def _result(self, layout: list[tuple[str, ...]], doc: Doc) -> TaggedUtterance:
        ranges = []
        start = 0
        for pieces in layout:
            ranges.append(range(start, start + len(pieces)))
            start += len(pieces)
        return TaggedUtterance(self._analyses(doc), ranges)

    def _analyses(self, doc: Doc) -> list[Analysis]:
        rows: list[tuple[str, str, str, str, str, int]] = []  # text, lemma, upos, feats, label, head (-1: root)
        for t in doc:
            text, pos, head = t.text, t.pos_, t.head.i
            lemma = self._lemma(text, t.lemma_, pos)
            rows.append((text, lemma, pos, str(t.morph), t.dep_, -1 if head == t.i else head))
        if self._clear:
            relations = clear_to_ud([ClearToken(r[0], r[1], r[2], r[4], r[5]) for r in rows])
        else:
            relations = [(r[5], ROOT if r[5] < 0 else r[4].lower()) for r in rows]
        return [Analysis(r[0], r[1], r[2], r[3], rel, head) for r, (head, rel) in zip(rows, relations)]

    def _lemma(self, text: str, lemma: str, pos: str) -> str:
        # spaCy's English rule lemmatizer lets its last matching rule win, so
        # "cookies" gives "cooky"; prefer "-ie" when the lexicon knows it.
        if pos == "NOUN" and self._nouns:
            lower = text.lower()
            if lower.endswith("ies") and lower[:-1] in self._nouns:
                return lower[:-1]
        return lemma


def split_clitics(word: str, tokens: Sequence[str]) -> tuple[str, ...]:
    """Keep a tokenizer's cut of `word` only into word-like pieces: `don't`, never `mm - hmm`."""
    if len(tokens) > 1 and "".join(tokens) == word and all(any(c.isalnum() for c in t) for t in tokens):
        return tuple(tokens)
    return (word,)


_ENGLISH_CLITICS = tuple(a + c for c in ("ll", "re", "ve", "d", "m", "s") for a in ("'", "’"))


def split_english_clitic(word: str) -> tuple[str, ...]:
    """`Mommy'll` -> `Mommy` + `'ll`: spaCy's tokenizer cuts these only after the words it lists.

    A curly apostrophe (`Mommy’ll`) is given to the tagger straight: spaCy knows `'ll`, not `’ll`.
    """
    lower = word.lower()
    for clitic in _ENGLISH_CLITICS:
        host = word[: -len(clitic)]
        if lower.endswith(clitic) and host.replace("_", "").isalpha():
            return (host, "'" + word[-len(clitic) + 1 :])
    return (word,)


# Preposition + article in one word, split as UD French does (and batchalign's Stanza): `au` -> `à le`.
# `des` is left alone: as often the plural indefinite article as `de les`.
FRENCH_CONTRACTIONS = {"au": ("à", "le"), "aux": ("à", "les"), "du": ("de", "le")}


def tag_words(nlp: Language, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
    """Tag utterances given as lists of CHAT words: the pure entry point benchmarks compare."""
    return Tagger(nlp).tag(utterances)


def _noun_lemma_index(nlp: Language) -> frozenset[str]:
    return _lemma_index(nlp, "noun") if nlp.lang == "en" else frozenset()


def _lemma_index(nlp: Language, pos: str) -> frozenset[str]:
    """The lemmas the pipeline's rule lemmatizer lists for `pos` (empty when it has no index)."""
    if not nlp.has_pipe("lemmatizer"):
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(lookups.get_table("lemma_index").get(pos, ()))

