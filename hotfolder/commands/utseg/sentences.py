"""Sentence and clause boundaries in a spaCy parse of an utterance's words.

An utterance's %mor words (and its commas, which help the parser) become a
pre-tokenized `Doc`, cut the way the pipeline's tokenizer cuts clitics, as
morphotag does. A piece starts where the parser starts a sentence, and where a
clause with its own subject is coordinated with the sentence's root
(`conj`/`parataxis`: "the boy fell down | and he cried"): transcripts without
punctuation, such as ASR output, rarely give the parser more than one root.

A piece whose first word is an interrogative attached to its clause's head, or
an auxiliary before its subject, reads as a question and ends with `?`; others
end with `.` (the words carry no punctuation to tell `!`).

These are proposals: rules.py decides which of them are used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from hotfolder.chat import Word
from hotfolder.commands.morphotag.tagger import Tagger
from hotfolder.commands.utseg.rules import Parsed

_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_CLAUSE_LINKS = frozenset({"conj", "parataxis"})
_HEADS = frozenset({"ROOT", "conj", "parataxis"})
_LEADING = frozenset({"cc", "punct"})


@dataclass(frozen=True)
class Boundaries:
    sentences: list[int]  # word indices (separators not counted) where the parser starts a sentence, > 0
    clauses: list[int]  # word indices where a coordinated clause with its own subject starts, > 0
    questions: frozenset[int]  # the starts (0 included) whose piece reads as a question
    words: list[Parsed]  # each %mor word as parsed

    @property
    def starts(self) -> list[int]:
        """Every proposed piece start, ascending."""
        return sorted(set(self.sentences) | set(self.clauses))


class Segmenter:
    """Parses utterances with one pipeline; reuse it for every batch."""

    def __init__(self, tagger: Tagger) -> None:
        self.tagger = tagger

    def parse(self, utterances: Sequence[Sequence[Word]]) -> list[Boundaries]:
        """Boundaries of each utterance, parsed in one `nlp.pipe` stream."""
        nlp = self.tagger.nlp
        layouts = [self._tokens(words) for words in utterances]
        docs = nlp.pipe(Doc(nlp.vocab, words=texts) for texts, _ in layouts)
        return [boundaries(doc, owners) for doc, (_, owners) in zip(docs, layouts, strict=True)]

    def _tokens(self, words: Sequence[Word]) -> tuple[list[str], list[int | None]]:
        """Doc tokens, and per token the index of the word it starts (None for a comma or a clitic)."""
        texts: list[str] = []
        owners: list[int | None] = []
        index = 0
        for word in words:
            if word.is_separator:
                if word.text == ",":
                    texts.append(",")
                    owners.append(None)
                continue
            pieces = self.tagger.pieces(word.text)
            texts.extend(pieces)
            owners.extend([index] + [None] * (len(pieces) - 1))
            index += 1
        return texts, owners


def boundaries(doc: Doc, owners: Sequence[int | None]) -> Boundaries:
    """Where pieces may start in a parsed utterance, as word indices, and each word's tags."""
    sentences = _word_starts({sent.start for sent in doc.sents}, owners)
    clauses = _word_starts({clause_start(token) for token in doc if is_clause(token)}, owners)
    first_token = {word: owners.index(word) for word in {0, *sentences, *clauses}}
    questions = frozenset(word for word, token in first_token.items() if is_question(doc[token]))
    return Boundaries(sorted(sentences), sorted(clauses), questions, parsed_words(doc, owners))


def _word_starts(token_starts: set[int], owners: Sequence[int | None]) -> set[int]:
    """The words (> 0) that the given tokens start, a comma or clitic moving to the next word."""
    words = set()
    for start in token_starts:
        word = next((owner for owner in owners[start:] if owner is not None), None)
        if word:
            words.add(word)
    return words


def parsed_words(doc: Doc, owners: Sequence[int | None]) -> list[Parsed]:
    """Per %mor word: its text, its first token's POS and tag, and whether any of its tokens is a verb."""
    words: list[Parsed] = []
    for token, owner in zip(doc, owners, strict=True):
        if owner is not None:
            words.append(Parsed(token.text, token.pos_, token.tag_, token.pos_ in ("VERB", "AUX")))
        elif token.text != "," and words:  # a clitic: part of the word before
            last = words[-1]
            words[-1] = last._replace(text=last.text + token.text, verb=last.verb or token.pos_ in ("VERB", "AUX"))
    return words


def is_clause(token: Token) -> bool:
    """A verb coordinated with its sentence's root that has a subject of its own."""
    if token.dep_ not in _CLAUSE_LINKS or token.pos_ not in ("VERB", "AUX") or token.head.dep_ != "ROOT":
        return False
    return any(child.dep_.startswith(("nsubj", "csubj", "expl")) for child in token.children)


def clause_start(token: Token) -> int:
    """The clause's first token, with the conjunction or comma just before it."""
    doc = token.doc
    start: int = token.left_edge.i
    while start > token.sent.start:
        before = doc[start - 1]
        if before.dep_ not in _LEADING or before.head.i not in (token.i, token.head.i):
            break
        start -= 1
    return start


def is_question(first: Token) -> bool:
    """`where are you going`, `is he nice`: a wh-word on its clause's head, or an auxiliary before the subject."""
    while first.dep_ == "cc" and first.i + 1 < len(first.doc):
        first = first.doc[first.i + 1]
    interrogative = first.tag_ in _WH_TAGS or "Int" in first.morph.get("PronType", [])
    if interrogative:
        return first.dep_ in _HEADS or first.head.dep_ in _HEADS
    if first.pos_ != "AUX":
        return False
    head = first if first.dep_ == "ROOT" else first.head
    return any(child.dep_.startswith("nsubj") and child.i > first.i for child in head.children)
