"""morphotag per language: utterances/s on 2 cores, worker RSS, and UPOS agreement with every reference.

Each language of the table (hotfolder/commands/morphotag/languages.py) runs in a
worker process of its own, pinned to CPUs 0-1 (the 2 cores of the project
machine), as the pool would run one worker key (morphotag, lang):

- `load s` and `RSS MB`: loading the engine, and the worker's peak resident
  memory after tagging (`ru_maxrss`), plus its child processes' still running after
  the batch (an engine that spawns its pipeline per batch, as apertium does,
  shows none: those live only while a batch runs), against the table's budget;
- `utt/s`: utterances tagged per second through the real MorphotagEngine (CHAT
  in, %mor/%gra out, so reading, tiers and validation are included), over at
  least 400 utterances (the language's reference utterances, repeated: engines
  that cache per word run faster on repeats than on fresh text);
- agreement: %mor item categories against every reference in ../shared/corpus
  for that language. A reference utterance is one whose language (precode, else
  first of @Languages) is the language and that has %mor. UD-style items
  (batchalign's `pos|lemma-Feat`) compare their category (the lowercased UPOS);
  legacy CLAN MOR items (`n|dog`, `pro:sub|I`, `det:art|the`) are first mapped to
  coarse UPOS by `LEGACY` below (n -> noun, v/part -> verb, cop/aux/mod -> aux,
  pro* -> pron, det*/art/qn -> det, prep -> adp, conj -> cconj, conj:subor/comp ->
  sconj, co/on/fil -> intj, inf/neg -> part). Utterances whose item counts differ
  are skipped (counted). Where the corpus has no reference, the hand gold of
  bench/languages_gold.py (constructed; the gold names its source in the table).
  Only the main word of a `~` item counts (the category before the first `~`).

    .venv/bin/python bench/languages.py [--langs spa,jpn] [--min-utterances 400]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from languages_gold import GOLD  # noqa: E402

from hotfolder.chat import ChatError, ChatFile, loads  # noqa: E402
from hotfolder.commands.base import FileResult, FileTask  # noqa: E402
from hotfolder.commands.morphotag.languages import LANGUAGES, missing  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
UD = frozenset("adj adp adv aux cconj det intj noun num part pron propn punct sconj sym verb x".split())
LEGACY = {
    "n": "noun", "n:prop": "propn", "v": "verb", "part": "verb", "cop": "aux", "aux": "aux", "mod": "aux",
    "pro": "pron", "det": "det", "art": "det", "qn": "det", "quant": "det", "adj": "adj", "adv": "adv",
    "prep": "adp", "post": "adp", "conj": "cconj", "coord": "cconj", "conj:subor": "sconj", "comp": "sconj",
    "co": "intj", "on": "intj", "fil": "intj", "num": "num", "inf": "part", "neg": "part",
}  # fmt: skip
SKIP = frozenset({"cm", "L2", "punct", "x", "bq", "eq", "end", "beg", "unk"})


def coarse(item: str) -> tuple[str | None, str]:
    """(UPOS category or None when not comparable, "ud"/"legacy") of one %mor item's main word."""
    pos = item.split("~")[0].split("|")[0]
    if pos in SKIP or "|" not in item:
        return None, "ud"
    if pos in UD:
        return pos, "ud"
    for key in (pos, pos.split(":")[0] + (":" + pos.split(":")[1] if ":" in pos else "")):
        if key in LEGACY:
            return LEGACY[key], "legacy"
    head = pos.split(":")[0]
    return LEGACY.get(head), "legacy"


def lang_of(chat: ChatFile, utterance_lang: str | None) -> str:
    return utterance_lang or (chat.languages[0] if chat.languages else "eng")


def references(lang: str) -> list[tuple[str, str, list[str]]]:
    """(source, main-tier line, reference %mor items) of every corpus utterance in `lang` with %mor."""
    found = []
    for path in sorted(CORPUS.rglob("*.cha")):
        try:
            chat = loads(path.read_text(encoding="utf-8"))
        except (ChatError, UnicodeDecodeError):
            continue
        for utterance in chat.utterances:
            mor = utterance.tier("mor")
            if mor and lang_of(chat, utterance.language) == lang:
                found.append((str(path.relative_to(CORPUS)), utterance.records[0].text.rstrip("\n"), mor.split()))
    return found


def gold(lang: str) -> list[tuple[str, str, list[str]]]:
    rows = []
    for sentence in GOLD.get(lang, []):
        pairs = [token.rsplit("/", 1) for token in sentence.split()]
        rows.append(("hand gold", "*CHI:\t" + " ".join(w for w, _ in pairs) + " .", [f"{p.lower()}|{w}" for w, p in pairs] + ["."]))
    return rows


def chat_of(lang: str, lines: list[str]) -> str:
    speakers = sorted({line.split(":", 1)[0][1:] for line in lines})
    header = ["@UTF8", "@Begin", f"@Languages:\t{lang}", "@Participants:\t" + ", ".join(f"{s} Speaker" for s in speakers)]
    header += [f"@ID:\t{lang}|bench|{s}|||||Speaker|||" for s in speakers]
    return "\n".join([*header, *lines, "@End", ""])


def child_rss_mb() -> float:
    """Resident memory of the worker's live child processes (a fork's ru_maxrss would count the parent's pages)."""
    total = 0
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total / 2**20


def worker(lang: str, min_utterances: int) -> dict[str, object]:
    os.sched_setaffinity(0, {0, 1} & os.sched_getaffinity(0) or os.sched_getaffinity(0))
    from hotfolder.commands.morphotag.analyzers import Analyzers
    from hotfolder.commands.morphotag.engine import MorphotagEngine

    refs = references(lang)
    source = "corpus" if refs else "hand gold"
    refs = refs or gold(lang)
    analyzers = Analyzers()
    start = time.perf_counter()
    analyzer = analyzers.get(lang)
    load_s = time.perf_counter() - start
    engine = MorphotagEngine(lang, analyzers)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ref.cha"
        path.write_text(chat_of(lang, [line for _, line, _ in refs]), encoding="utf-8")
        (outcome,) = engine.process([FileTask("ref.cha", path, lang)])
        if not isinstance(outcome, FileResult):
            return {"lang": lang, "error": str(outcome)}
        tagged = loads(outcome.outputs[0].data.decode("utf-8"))
        kinds: dict[str, list[int]] = {}
        skipped = 0
        for (_, _, ref), utterance in zip(refs, tagged.utterances, strict=True):
            ours = (utterance.tier("mor") or "").split()
            if len(ours) != len(ref):
                skipped += 1
                continue
            for a, b in zip(ref[:-1], ours[:-1], strict=True):
                want, kind = coarse(a)
                if want is None:
                    continue
                got = b.split("~")[0].split("|")[0]
                counts = kinds.setdefault(kind if source == "corpus" else "gold", [0, 0])
                counts[0] += got == want
                counts[1] += 1
        repeat = -(-min_utterances // len(refs))
        path.write_text(chat_of(lang, [line for _, line, _ in refs] * repeat), encoding="utf-8")
        begin = time.perf_counter()
        engine.process([FileTask("ref.cha", path, lang)])
        speed = len(refs) * repeat / (time.perf_counter() - begin)
        children = child_rss_mb()  # while the engine's helper processes (apertium's pipeline) still run
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"lang": lang, "source": source, "references": len(refs), "skipped": skipped, "agreement": kinds,
            "load_s": load_s, "utt_s": speed, "rss_mb": rss, "child_mb": children, "parses": analyzer.parses, "model": analyzer.model}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--langs", default=",".join(LANGUAGES))
    parser.add_argument("--min-utterances", type=int, default=400)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.min_utterances)))
        return
    print("| lang | engine | gives | reference | agreement (UPOS) | utt/s | load s | RSS MB (+ children) (budget) |")
    print("|---|---|---|---|---:|---:|---:|---:|")
    served = 0
    for lang in args.langs.split(","):
        spec = LANGUAGES[lang]
        tiers = "%mor+%gra" if spec.parses else "%mor"
        reason = missing(spec)
        if reason is not None:
            print(f"| {lang} | {spec.engine} | {tiers} | - | not installed: {reason} | | | |")
            continue
        done = subprocess.run([sys.executable, __file__, "--worker", lang, "--min-utterances", str(args.min_utterances)],
                              capture_output=True, text=True, timeout=1800)  # fmt: skip
        if done.returncode != 0:
            print(f"| {lang} | {spec.engine} | {tiers} | - | worker failed: {done.stderr.strip().splitlines()[-1:]} | | | |")
            continue
        row = json.loads(done.stdout.strip().splitlines()[-1])
        if "error" in row:
            print(f"| {lang} | {spec.engine} | {tiers} | - | {row['error']} | | | |")
            continue
        served += 1
        child = f" + {row['child_mb']:.0f}" if row["child_mb"] >= 1 else ""
        parts = [f"{k} {c[0] / c[1]:.3f} ({c[1]} words)" for k, c in sorted(row["agreement"].items()) if c[1]]
        ref = f"{row['source']}, {row['references']} utt" + (f", {row['skipped']} skipped" if row["skipped"] else "")
        print(f"| {lang} | {spec.engine} | {tiers} | {ref} | {'; '.join(parts) or '-'} | {row['utt_s']:,.0f} | "
              f"{row['load_s']:.1f} | {row['rss_mb']:.0f}{child} ({spec.memory_mb}) |")  # fmt: skip
    print(f"\n{served} languages served here")


if __name__ == "__main__":
    main()
