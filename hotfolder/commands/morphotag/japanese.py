"""Japanese through GiNZA: its Sudachi dictionary cuts the words, the tokens are mapped back to CHAT words.

CHAT Japanese is written with spaces between words, but GiNZA's tagger and
parser were trained on Sudachi's units, so the utterance is given as one
string and Sudachi tokenizes it; each token belongs to the CHAT word it lies
in. A word that a token straddles (the transcriber cut where Sudachi does
not) is tokenized on its own instead, so every CHAT word keeps its own tokens
and the rest keep the cut made in context. A word of several
tokens (`お話` -> `お` + `話`) is one %mor item, its tokens joined with `~`.
The lemma is Sudachi's normalized form (`し` -> `為る`, `お` -> `御`), as the
batchalign outputs in the corpus write it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc

from hotfolder.commands.morphotag.deprel import ROOT
from hotfolder.commands.morphotag.spacy_analyzer import SpacyAnalyzer
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis


def word_tokens(words: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[list[int] | None]:
    """Per word, the indices of the tokens (given as character spans of the joined words) that lie inside it.

    None for a word that a token straddles (it starts inside the word and ends beyond it, or the reverse).
    """
    out: list[list[int] | None] = []
    start = 0
    for word in words:
        end = start + len(word)
        inside = [t for t, (a, b) in enumerate(spans) if a < end and b > start]
        whole = all(start <= spans[t][0] and spans[t][1] <= end for t in inside)
        out.append(inside if inside and whole else None)
        start = end
    return out


class GinzaAnalyzer(SpacyAnalyzer):
    """ja_ginza with Sudachi's tokenization, held to one sentence per utterance."""

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        prepared = [self._doc(words) if words else None for words in utterances]
        parsed = iter(self.nlp.pipe(doc for doc, _ in filter(None, prepared)))
        out = []
        for item in prepared:
            if item is None:
                out.append(TaggedUtterance([], []))
                continue
            out.append(TaggedUtterance(analyses(next(parsed)), item[1]))
        return out

    def _doc(self, words: Sequence[str]) -> tuple[Doc, list[range]]:
        words = [w or "_" for w in words]
        whole = self.nlp.tokenizer("".join(words))
        found = word_tokens(words, [(t.idx, t.idx + len(t)) for t in whole])
        if all(tokens is not None for tokens in found):
            doc, ranges = whole, [range(t[0], t[-1] + 1) for t in found if t is not None]
        else:  # keep Sudachi's cut where it agrees with the transcript; cut the straddled words one by one
            pieces = [
                whole[t[0] : t[-1] + 1].as_doc() if t is not None else self.nlp.tokenizer(w) for w, t in zip(words, found, strict=True)
            ]
            for piece in pieces:
                piece.user_data.clear()  # Sudachi's sub-token notes cannot be merged; nothing here reads them
            doc = Doc.from_docs(pieces, ensure_whitespace=False)
            ranges = _consecutive(len(p) for p in pieces)
        doc.user_data.clear()
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0
        return doc, ranges


def _consecutive(lengths: Iterable[int]) -> list[range]:
    out, start = [], 0
    for n in lengths:
        out.append(range(start, start + n))
        start += n
    return out


def analyses(doc: Doc) -> list[Analysis]:
    rows = []
    for t in doc:
        root = t.head.i == t.i
        lemma = t.norm_ or t.lemma_ or t.text
        rows.append(Analysis(t.text, lemma, t.pos_, str(t.morph), ROOT if root else t.dep_.lower(), -1 if root else t.head.i))
    return rows
