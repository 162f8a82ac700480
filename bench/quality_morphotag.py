"""morphotag quality on real transcripts: agreement with every UD-style reference %mor of the corpus.

A corpus file takes part when its %mor tiers are UD-style (batchalign's
`pos|lemma-Feat` items: UD categories, UD feature values), English or French.
The file goes through the real morphotag engine (which drops the reference
tiers and writes its own); each utterance's new %mor is compared with the
reference item by item when both have the same number of items (otherwise the
utterance is skipped and counted). An item agrees on POS when every `~` chunk
has the reference's category, on lemma when every chunk has its lemma, and
exactly when the whole item string is the same; the terminator item is not
counted. The most frequent exact mismatches are printed (reference -> ours).
Every corpus file the engine tags is also checked for %mor tiers that lack
their utterance's terminator.

    .venv/bin/python bench/quality_morphotag.py [--corpus ../shared/corpus] [--top 40]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from hotfolder.chat import ChatError, ChatFile, loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.morphotag.analyzers import Analyzers
from hotfolder.commands.morphotag.engine import MorphotagEngine

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LANGS = ("eng", "fra")
UD_POS = frozenset(
    "adj adp adv aux cconj det intj noun num part pron propn punct sconj sym verb x cm L2".split()
    # special forms (`d@u` -> `u|de`) keep their marker as the category
    + "a b c d f fp g i k l ls n o p q sas si sl t u wp".split()
)
# A UD feature value as batchalign writes it: `Fin`, `Int,Rel`, `S3`, `P1`, `4`, `irr`, `reflx`.
_UD_FEATURE = re.compile(r"^([A-Z][a-z]+(,[A-Z][a-z]+)*|[SP][1-4]?|[1-4]|irr|reflx)$")
_UD_SHARE = 0.95  # of a file's chunks, to call its %mor UD-style
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class FileScore:
    name: str
    source: str  # "batchalign" (a batchalign output) or "constructed" (hand-written UD-style reference)
    items: int = 0
    pos: int = 0
    lemma: int = 0
    exact: int = 0
    utterances: int = 0
    skipped: int = 0  # utterances whose item counts differ
    mor_without_terminator: int = 0
    failure: str | None = None
    mismatches: Counter[tuple[str, str]] = field(default_factory=Counter)


def chunks(item: str) -> list[tuple[str, str]]:
    """`pron|it~aux|be-Fin` -> [("pron", "it"), ("aux", "be")]: category and lemma of each chunk."""
    out = []
    for chunk in item.split("~"):
        pos, _, rest = chunk.partition("|")
        out.append((pos, rest.split("-")[0]))
    return out


def is_ud_item(item: str) -> bool:
    return all(
        pos in UD_POS and all(_UD_FEATURE.match(f) for f in chunk.partition("|")[2].split("-")[1:])
        for chunk in item.split("~")
        for pos in [chunk.partition("|")[0]]
    )


def ud_reference(chat: ChatFile) -> bool:
    """Whether the file's %mor tiers are UD-style (not CLAN's `pro:sub|I` or `v|go&PAST`)."""
    items = [i for u in chat.utterances for i in (u.tier("mor") or "").split()[:-1]]
    return bool(items) and sum(map(is_ud_item, items)) >= _UD_SHARE * len(items)


def candidates(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*.cha")):
        text = path.read_text(encoding="utf-8", errors="replace")
        langs = re.search(r"^@Languages:\t(.*)$", text, re.M)
        if not langs or langs.group(1).split(",")[0].strip() not in LANGS or "\n%mor:" not in text:
            continue
        try:
            chat = loads(text)
        except ChatError:
            continue
        if ud_reference(chat):
            found.append(path)
    return found


def missing_terminators(chat: ChatFile) -> int:
    return sum(
        1
        for u in chat.utterances
        if u.tier("mor") is not None and u.terminator and (u.tier("mor") or "").split()[-1:] != [u.terminator]
    )


def score(name: str, reference: ChatFile, ours: ChatFile) -> FileScore:
    source = "batchalign" if name.startswith("batchalign3/") else "constructed"
    result = FileScore(name, source, mor_without_terminator=missing_terminators(ours))
    for ref_u, our_u in zip(reference.utterances, ours.utterances, strict=True):
        ref, mine = (ref_u.tier("mor") or "").split(), (our_u.tier("mor") or "").split()
        if not ref:
            continue
        result.utterances += 1
        if len(ref) != len(mine):
            result.skipped += 1
            continue
        ending = 1 if ref_u.terminator and ref[-1] == ref_u.terminator else 0
        for a, b in zip(ref[: len(ref) - ending], mine[: len(mine) - ending], strict=True):
            ca, cb = chunks(a), chunks(b)
            result.items += 1
            result.pos += [p for p, _ in ca] == [p for p, _ in cb]
            result.lemma += [m for _, m in ca] == [m for _, m in cb]
            result.exact += a == b
            if a != b:
                result.mismatches[(a, b)] += 1
    return result


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def _summary(scores: list[FileScore]) -> dict[str, float | int]:
    items = sum(s.items for s in scores)
    return {
        "pos": _ratio(sum(s.pos for s in scores), items),
        "lemma": _ratio(sum(s.lemma for s in scores), items),
        "exact": _ratio(sum(s.exact for s in scores), items),
        "items": items,
        "utterances": sum(s.utterances for s in scores),
        "skipped_count_mismatch": sum(s.skipped for s in scores),
        "mor_without_terminator": sum(s.mor_without_terminator for s in scores),
    }


def run(corpus: Path = DEFAULT_CORPUS, engine: MorphotagEngine | None = None) -> dict[str, object]:
    engine = engine or MorphotagEngine("eng", Analyzers(), clock=lambda: WHEN)
    scores: list[FileScore] = []
    compared = set(candidates(corpus))
    everywhere = 0  # %mor tiers without terminator over every file the engine tags
    tagged_files = 0
    for path in sorted(corpus.rglob("*.cha")):
        name = path.relative_to(corpus).as_posix()
        (outcome,) = engine.process([FileTask(path.name, path, "eng")])
        if not isinstance(outcome, FileResult):
            if path in compared:
                scores.append(FileScore(name, "", failure=getattr(outcome, "message", str(outcome))))
            continue
        ours = loads(outcome.outputs[0].data.decode("utf-8"))
        tagged_files += 1
        everywhere += missing_terminators(ours)
        if path in compared:
            scores.append(score(name, loads(path.read_text(encoding="utf-8")), ours))
    mismatches: Counter[tuple[str, str]] = Counter()
    for s in scores:
        mismatches.update(s.mismatches)
    return {
        "overall": _summary(scores),
        "batchalign": _summary([s for s in scores if s.source == "batchalign"]),
        "all_corpus": {"files_tagged": tagged_files, "mor_without_terminator": everywhere},
        "files": [
            {
                "name": s.name,
                "source": s.source,
                "failure": s.failure,
                **_summary([s]),
            }
            for s in scores
        ],
        "mismatches": [{"reference": a, "ours": b, "count": n} for (a, b), n in mismatches.most_common()],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--top", type=int, default=40, help="how many exact-item mismatches to print")
    args = parser.parse_args(argv)
    result = run(args.corpus)
    print(f"{'file':78} {'src':4} {'items':>5} {'pos':>6} {'lemma':>6} {'exact':>6} {'utt':>4} {'skip':>4} {'noterm':>6}")
    rows = [
        *result["files"],  # type: ignore[misc]
        {"name": "overall", "source": "", **result["overall"]},  # type: ignore[dict-item]
        {"name": "overall, batchalign outputs only", "source": "", **result["batchalign"]},  # type: ignore[dict-item]
    ]
    for f in rows:
        if f.get("failure"):
            print(f"{f['name']:78} FAILED: {f['failure']}")
            continue
        print(
            f"{f['name']:78} {f['source'][:4]:4} {f['items']:5} {f['pos']:6.3f} {f['lemma']:6.3f} {f['exact']:6.3f}"
            f" {f['utterances']:4} {f['skipped_count_mismatch']:4} {f['mor_without_terminator']:6}"
        )
    everywhere = result["all_corpus"]
    print(f"every corpus file the engine tags ({everywhere['files_tagged']}): "  # type: ignore[index]
          f"{everywhere['mor_without_terminator']} %mor tiers without their terminator")  # type: ignore[index]
    print(f"\nmost frequent exact-item mismatches (reference -> ours), top {args.top}:")
    for m in result["mismatches"][: args.top]:  # type: ignore[index]
        print(f"{m['count']:4}  {m['reference']:40} -> {m['ours']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
