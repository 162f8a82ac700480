"""utseg quality on real transcripts: join runs of utterances, see which true boundaries utseg restores.

For each English transcript of the corpus, runs of 2-3 consecutive utterances of
one speaker are joined into one utterance (seeded, so every run joins the same
utterances), with no bullet and no dependent tiers; other utterances stay as
they are (a split there is always wrong). The joined file goes through the real
utseg engine, and its pieces are compared with the original utterances as %mor
word offsets: boundary precision and recall, and the wrong splits that fall
inside constructions a linguist never splits (tag question, parenthetical,
repetition, song/list, a lone function word, a piece starting with a pause).

    .venv/bin/python bench/quality_utseg.py [--corpus ../shared/corpus] [--seed 9]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from hotfolder.chat import ChatFile, Utterance, loads
from hotfolder.chat.tokens import TokenKind
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.utseg.cuts import layout
from hotfolder.commands.utseg.engine import UtsegEngine

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FOLDERS = (
    "testchat/good",
    "batchalign3/batchalign/tests/support/parity",
    "batchalign3/test-fixtures",
    "batchalign3/batchalign/tests/formats/chat/support",
    "chatter/corpus/reference/audio",
    "chatter/corpus/reference/annotation",
    "chatter/corpus/reference/ca",
)
MIN_UTTERANCES = 3

_TAG = re.compile(
    r"^(is|isn't|are|aren't|was|wasn't|do|don't|does|doesn't|did|didn't|can|can't|will|won't|would|"
    r"wouldn't|have|haven't|has|hasn't|should|shouldn't|could|couldn't)(n't)? "
    r"(it|he|she|they|you|we|i|that|there|this)$"
)
_PARENTHETICAL = re.compile(r"^(i think|you know|i mean|i guess|you see|see|look|okay|ok|right|yeah|yes|no)$")
_FUNCTION = frozenset(
    "a an the and or but so then to of in on at is are was it he she they you i we that this yes no oh ah".split()
)


@dataclass
class FileScore:
    name: str
    true_boundaries: int = 0
    predicted: int = 0
    correct: int = 0
    wrong_kinds: Counter[str] = field(default_factory=Counter)
    failure: str | None = None


def english_files(corpus: Path) -> list[Path]:
    """The corpus transcripts whose first language is English and that have real speech to join."""
    found = []
    for folder in FOLDERS:
        for path in sorted((corpus / folder).glob("*.cha")):
            text = path.read_text(encoding="utf-8", errors="replace")
            langs = re.search(r"^@Languages:\t(.*)$", text, re.M)
            if langs and langs.group(1).split(",")[0].strip() == "eng" and text.count("\n*") >= MIN_UTTERANCES:
                found.append(path)
    return found


def _joinable(utterance: Utterance) -> bool:
    return layout(utterance.tokens, ca=False) is not None and _words(utterance) > 0


def _words(utterance: Utterance) -> int:
    return sum(1 for word in utterance.mor_words() if not word.is_separator)


def _body(utterance: Utterance) -> str:
    found = layout(utterance.tokens, ca=False)
    assert found is not None
    tokens = found.tokens
    return " ".join(utterance.main_text[tokens[0].start : tokens[found.end - 1].end].split())


def groups(chat: ChatFile, rng: random.Random) -> list[list[int]]:
    """Utterance indices, grouped: a group of 2-3 is joined, a group of one stays as it is."""
    utterances = chat.utterances
    result: list[list[int]] = []
    index = 0
    while index < len(utterances):
        run = [index]
        wanted = rng.choice((1, 2, 3))
        while (
            len(run) < wanted
            and run[-1] + 1 < len(utterances)
            and _joinable(utterances[run[-1] + 1])
            and _joinable(utterances[index])
            and utterances[run[-1] + 1].speaker == utterances[index].speaker
            and _adjacent(chat, utterances[run[-1]], utterances[run[-1] + 1])
        ):
            run.append(run[-1] + 1)
        result.append(run)
        index = run[-1] + 1
    return result


def _adjacent(chat: ChatFile, first: Utterance, second: Utterance) -> bool:
    positions = {id(record): n for n, record in enumerate(chat.records)}
    return positions[id(second.records[0])] == positions[id(first.records[-1])] + 1


def joined_text(chat: ChatFile, grouped: list[list[int]]) -> tuple[str, list[list[int]]]:
    """The file with every group joined, and per group the %mor word counts of its original utterances."""
    utterances = chat.utterances
    replace: dict[int, str] = {}
    skip: set[int] = set()
    counts: list[list[int]] = []
    for group in grouped:
        counts.append([_words(utterances[i]) for i in group])
        if len(group) == 1:
            continue
        first, last = utterances[group[0]], utterances[group[-1]]
        bodies = " ".join(_body(utterances[i]) for i in group)
        replace[id(first.records[0])] = f"*{first.speaker}:\t{bodies} {last.terminator}{chat.newline}"
        skip.update(id(record) for i in group for record in utterances[i].records)
    parts = []
    for record in chat.records:
        if id(record) in replace:
            parts.append(replace[id(record)])
        elif id(record) not in skip:
            parts.append(record.text)
    return "".join(parts), counts


def offsets(counts: list[int]) -> set[int]:
    """Internal boundaries of consecutive pieces of these word counts, as word offsets."""
    total, inner = 0, set()
    for count in counts[:-1]:
        total += count
        inner.add(total)
    return inner


def wrong_kind(piece: list[str], previous: list[str], starts_with_pause: bool) -> str:
    """Which never-split construction a wrong boundary falls in ('other' when none)."""
    text = " ".join(piece).lower()
    if starts_with_pause:
        return "pause_start"
    if _TAG.match(text):
        return "tag_question"
    if _PARENTHETICAL.match(text):
        return "parenthetical"
    if len(piece) == 1 and piece[0].lower() in _FUNCTION:
        return "function_word"
    if previous and [w.lower() for w in piece[: len(previous)]] == [w.lower() for w in previous[: len(piece)]]:
        return "repetition"
    if all(len(w) == 1 or w.isdigit() for w in piece + previous):
        return "song_list"
    if piece[0].lower() in ("that", "who", "which", "where", "when", "because", "if"):
        return "subordinate"
    return "other"


def score_file(path: Path, engine: UtsegEngine, seed: int, tmp: Path) -> FileScore:
    """Join, segment and compare one transcript."""
    score = FileScore(path.name)
    chat = loads(path.read_text(encoding="utf-8"))
    rng = random.Random(seed * 1_000_003 + zlib.crc32(path.name.encode()))
    grouped = groups(chat, rng)
    text, counts = joined_text(chat, grouped)
    staged = tmp / path.name
    staged.write_text(text, encoding="utf-8")
    outcome = engine.process([FileTask(path.name, staged, "eng")])[0]
    if not isinstance(outcome, FileResult):
        score.failure = str(outcome)
        return score
    out = loads(outcome.outputs[0].data.decode("utf-8")).utterances
    position = 0
    for group_counts in counts:
        total = sum(group_counts)
        pieces: list[Utterance] = []
        while sum(_words(p) for p in pieces) < total and position < len(out):
            pieces.append(out[position])
            position += 1
        if total == 0 and position < len(out) and not pieces:
            position += 1
        words = [[w.text for w in p.mor_words() if not w.is_separator] for p in pieces]
        truth, predicted = offsets(group_counts), offsets([len(w) for w in words])
        score.true_boundaries += len(truth)
        score.predicted += len(predicted)
        score.correct += len(truth & predicted)
        for number in range(1, len(pieces)):
            if sum(len(w) for w in words[:number]) in truth:
                continue
            pause = bool(pieces[number].tokens) and pieces[number].tokens[0].kind is TokenKind.PAUSE
            score.wrong_kinds[wrong_kind(words[number], words[number - 1], pause)] += 1
    return score


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


def run(corpus: Path = DEFAULT_CORPUS, seed: int = 9) -> dict[str, object]:
    """Scores per file and overall: boundary precision, recall and wrong splits by construction."""
    engine = UtsegEngine("eng")
    scores = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in english_files(corpus):
            scores.append(score_file(path, engine, seed, Path(tmp)))
    total = FileScore("overall")
    for score in scores:
        total.true_boundaries += score.true_boundaries
        total.predicted += score.predicted
        total.correct += score.correct
        total.wrong_kinds.update(score.wrong_kinds)
    never = sum(n for kind, n in total.wrong_kinds.items() if kind not in ("other", "subordinate"))
    return {
        "files": [_row(score) for score in scores],
        "overall": _row(total) | {"never_split_violations": never},
    }


def _row(score: FileScore) -> dict[str, object]:
    return {
        "file": score.name,
        "true": score.true_boundaries,
        "predicted": score.predicted,
        "correct": score.correct,
        "precision": _ratio(score.correct, score.predicted),
        "recall": _ratio(score.correct, score.true_boundaries),
        "wrong": dict(score.wrong_kinds),
        "failure": score.failure,
    }


def main(argv: list[str] | None = None) -> int:
    """Print the utseg scores per file and overall."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    result = run(args.corpus, args.seed)
    print(f"{'file':45} {'true':>5} {'pred':>5} {'ok':>5} {'prec':>6} {'rec':>6}  wrong splits")
    for row in [*result["files"], result["overall"]]:  # type: ignore[misc]
        extra = f" FAILED: {row['failure']}" if row["failure"] else ""
        print(
            f"{row['file']:45} {row['true']:5} {row['predicted']:5} {row['correct']:5} "
            f"{row['precision']:>6} {row['recall']:>6}  {row['wrong']}{extra}"
        )
    print(f"never-split violations: {result['overall']['never_split_violations']}")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    sys.exit(main())
