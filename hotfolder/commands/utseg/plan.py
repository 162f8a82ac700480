"""From a parse's boundaries to the pieces of one utterance (pure: no spaCy, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass

from hotfolder.chat import Utterance, Word
from hotfolder.chat.bullets import format_bullet
from hotfolder.commands.utseg.cuts import Layout, piece_mains, piece_ranges
from hotfolder.commands.utseg.rebuild import Piece
from hotfolder.commands.utseg.rules import choose
from hotfolder.commands.utseg.sentences import Boundaries
from hotfolder.commands.utseg.timing import parse_wor, piece_bullets


@dataclass(frozen=True)
class Candidate:
    """An utterance long enough to be cut: where it is, its words and cut places."""

    file: int
    index: int  # 0-based among the file's utterances
    utterance: Utterance
    words: list[Word]  # %mor words, separators included
    lang: str
    found: Layout

    @property
    def count(self) -> int:
        return sum(1 for word in self.words if not word.is_separator)


def pieces(candidate: Candidate, bounds: Boundaries, min_words: int) -> list[Piece] | None:
    """The pieces the utterance becomes, or None when it stays whole."""
    found = candidate.found
    proposals = [[word for word in kind if word in found.starts] for kind in (bounds.sentences, bounds.clauses)]
    starts = choose(bounds.words, proposals[0], proposals[1], bounds.questions, min_words)
    if not starts:
        return None
    utterance = candidate.utterance
    cuts = [found.starts[word] for word in starts]
    spoken = len(utterance.wor_words())
    edges = [0, *(found.wor_before[cut] for cut in cuts), spoken]
    counts = [edges[i + 1] - edges[i] for i in range(len(cuts) + 1)]
    tier = utterance.tier("wor")
    entries = parse_wor(tier) if tier is not None else None
    if entries is not None and len(entries) != spoken:  # a stale %wor cannot be cut with the words
        entries = None
    bullets = piece_bullets(counts, [times for _, times in entries] if entries else None, utterance.bullet)
    if bullets is None:
        return None
    terminators = ["?" if start in bounds.questions else "." for start in [0, *starts[:-1]]]
    terminators.append(found.terminator)
    texts = [format_bullet(*times) if times else "" for times in bullets]
    ranges = piece_ranges(cuts, found.end)
    mains = piece_mains(utterance.main_text, found, ranges, terminators, texts, utterance.language)
    wor = [entries[edges[i] : edges[i + 1]] if entries is not None else None for i in range(len(mains))]
    return [Piece(main, words) for main, words in zip(mains, wor, strict=True)]
