"""The quality benchmark on real data: morphotag, utseg and translate against the corpus, with the aims.

    .venv/bin/python bench/quality.py [--corpus ../shared/corpus] [--json]

Runs the three measurements (each also runs alone, with per-file detail):
- bench/quality_morphotag.py: POS, lemma and exact-item agreement with every UD-style %mor
  reference in the corpus (batchalign outputs, chatter's hand-written files), and %mor tiers
  without their terminator over every file morphotag tags;
- bench/quality_utseg.py: boundary precision and recall when utseg splits real transcripts
  whose runs of 2-3 same-speaker utterances were joined (seeded);
- bench/quality_translate.py: utterances whose batched %xtra differs from the utterance
  translated alone (a word moved between utterances).
Prints one line per figure with its aim from issue 9, and exits 1 when an aim is missed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import quality_morphotag  # noqa: E402
import quality_translate  # noqa: E402
import quality_utseg  # noqa: E402

DEFAULT_CORPUS = BENCH.parents[1] / "shared" / "corpus"


def figures(corpus: Path) -> list[tuple[str, float | int | None, str, bool]]:
    """(name, value, aim as text, met) for every figure the issue aims at."""
    morph = quality_morphotag.run(corpus)
    utseg = quality_utseg.run(corpus)
    translate = quality_translate.run(corpus, repeats=1)
    overall = morph["overall"]  # type: ignore[index]
    everywhere = morph["all_corpus"]  # type: ignore[index]
    seg = utseg["overall"]  # type: ignore[index]
    precision = None if seg["predicted"] == 0 else seg["correct"] / seg["predicted"]
    recall = None if seg["true"] == 0 else round(seg["correct"] / seg["true"], 3)
    return [
        ("morphotag exact-item agreement", overall["exact"], ">= 0.75", (overall["exact"] or 0) >= 0.75),
        ("morphotag POS agreement", overall["pos"], ">= 0.93", (overall["pos"] or 0) >= 0.93),
        ("morphotag lemma agreement", overall["lemma"], "(reported)", True),
        ("morphotag items compared", overall["items"], "(reported)", True),
        ("%mor tiers without terminator (all corpus)", everywhere["mor_without_terminator"], "== 0", everywhere["mor_without_terminator"] == 0),
        ("utseg boundary precision", None if precision is None else round(precision, 3), ">= 0.9", precision is not None and precision >= 0.9),
        ("utseg boundary recall", recall, "(reported)", True),
        ("utseg never-split violations", seg["never_split_violations"], "== 0", seg["never_split_violations"] == 0),
        ("translate utterances differing from alone", translate["differs"], "== 0", translate["differs"] == 0),
        ("translate utterances compared", translate["utterances"], "(reported)", True),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rows = figures(args.corpus)
    if args.json:
        print(json.dumps([{"figure": n, "value": v, "aim": a, "met": m} for n, v, a, m in rows], indent=2))
    else:
        for name, value, aim, met in rows:
            print(f"{name:45} {value!s:>8}  aim {aim:10} {'ok' if met else 'MISSED'}")
    return 0 if all(met for *_, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
