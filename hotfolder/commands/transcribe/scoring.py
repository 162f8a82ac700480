"""Word error rate of a hypothesis transcript against a gold one, and the word-by-word alignment.

Words compared: the gold file's spoken words (`Utterance.wor_words()`: every
word said, retraced ones and fillers included, `[: replacement]`s not), and
the hypothesis's %wor words; both lowercased and cut at anything that is not
a letter, mark, digit or inner apostrophe (the rule transcribe writes words
by). Every speaker's utterances count, in file order. WER and the alignment
are jiwer's (Levenshtein over words).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import jiwer

from hotfolder.chat import ChatFile
from hotfolder.commands.transcribe.cleaning import split_words
from hotfolder.commands.transcribe.utterances import Bullet, PlannedUtterance

OPS = {"equal": "match", "substitute": "substitution", "delete": "deletion", "insert": "insertion"}
CSV_COLUMNS = ("index", "op", "gold", "hypothesis", "gold_line", "start_ms", "end_ms")


@dataclass(frozen=True)
class ScoredWord:
    text: str  # normalised
    line: int | None = None  # gold: the line of its utterance
    bullet: Bullet | None = None  # hypothesis: its %wor times


@dataclass(frozen=True)
class Row:
    op: str  # match, substitution, deletion, insertion
    gold: ScoredWord | None
    hypothesis: ScoredWord | None


@dataclass(frozen=True)
class Score:
    wer: float
    hits: int
    substitutions: int
    deletions: int
    insertions: int
    gold_words: int
    hypothesis_words: int
    rows: list[Row]


def normalize(text: str) -> list[str]:
    """One written word as the words scoring compares (usually one, `well-known` two)."""
    return list(split_words(text.casefold()))


def gold_words(chat: ChatFile) -> list[ScoredWord]:
    return [
        ScoredWord(piece, utterance.line)
        for utterance in chat.utterances
        for word in utterance.wor_words()
        for piece in normalize(word.text)
    ]


def hypothesis_words(utterances: Sequence[PlannedUtterance]) -> list[ScoredWord]:
    return [
        ScoredWord(piece, None, bullet)
        for utterance in utterances
        for word, bullet in utterance.words
        for piece in normalize(word)
    ]


def score(gold: Sequence[ScoredWord], hypothesis: Sequence[ScoredWord]) -> Score:
    """WER and alignment; `gold` must hold at least one word (WER is undefined otherwise)."""
    if not gold:
        raise ValueError("the gold transcript has no spoken words to score against")
    out = jiwer.process_words(" ".join(w.text for w in gold), " ".join(w.text for w in hypothesis))
    rows: list[Row] = []
    for chunk in out.alignments[0]:
        golds = list(gold[chunk.ref_start_idx : chunk.ref_end_idx])
        hyps = list(hypothesis[chunk.hyp_start_idx : chunk.hyp_end_idx])
        if chunk.type == "delete":
            rows.extend(Row(OPS["delete"], word, None) for word in golds)
        elif chunk.type == "insert":
            rows.extend(Row(OPS["insert"], None, word) for word in hyps)
        else:  # equal and substitute pair the words one to one
            rows.extend(Row(OPS[chunk.type], g, h) for g, h in zip(golds, hyps, strict=True))
    return Score(
        float(out.wer), out.hits, out.substitutions, out.deletions, out.insertions, len(gold), len(hypothesis), rows
    )


def compare_csv(rows: Sequence[Row]) -> str:
    """`<stem>.compare.csv`: one row per aligned word, gold and hypothesis in order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for index, row in enumerate(rows, start=1):
        bullet = row.hypothesis.bullet if row.hypothesis else None
        writer.writerow(
            [
                index,
                row.op,
                row.gold.text if row.gold else "",
                row.hypothesis.text if row.hypothesis else "",
                row.gold.line if row.gold and row.gold.line is not None else "",
                bullet[0] if bullet else "",
                bullet[1] if bullet else "",
            ]
        )
    return buffer.getvalue()
