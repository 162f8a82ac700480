"""Benchmark: parse + serialize every corpus .cha N times, hotfolder.chat beside pylangacq.

    .venv/bin/python bench/chat_parse.py [--iterations 20] [--repeats 5]

hotfolder.chat is measured twice: as commands read files (parse + serialize,
main tiers tokenized only when asked) and with every utterance tokenized into
its %mor and %wor word lists, which is what pylangacq always does. pylangacq
(Rust core) is imported when this interpreter has it, else run from
bench/.venv-bench (python3 -m venv bench/.venv-bench && bench/.venv-bench/bin/pip
install pylangacq); without either it is skipped with a message.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
BENCH_PYTHON = REPO / "bench" / ".venv-bench" / "bin" / "python"
sys.path.insert(0, str(REPO))  # runnable from any venv: hotfolder.chat needs only the stdlib

from hotfolder.chat import dumps, loads  # noqa: E402


@dataclass
class Row:
    name: str
    speeds: list[float]  # MB/s of each repeat
    identical: int  # corpus files written back byte-identical


def corpus_texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(CORPUS.rglob("*.cha"))]


def measure(run: Callable[[list[str]], None], texts: list[str], iterations: int, repeats: int) -> list[float]:
    """MB/s of each repeat (MB = 10**6 bytes of UTF-8 input)."""
    size = sum(len(text.encode("utf-8")) for text in texts)
    run(texts)  # warm-up: imports, caches and allocator, for every parser alike
    speeds = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(iterations):
            run(texts)
        speeds.append(size * iterations / (time.perf_counter() - started) / 1e6)
    return speeds


def hotfolder_lazy(texts: list[str]) -> None:
    for text in texts:
        dumps(loads(text))


def hotfolder_words(texts: list[str]) -> None:
    for text in texts:
        chat = loads(text)
        for utterance in chat.utterances:
            utterance.mor_words()
            utterance.wor_words()
        dumps(chat)


def pylangacq_run(texts: list[str]) -> None:
    import pylangacq  # type: ignore[import-not-found, unused-ignore]

    pylangacq.CHAT.from_strs(texts, strict=False, parallel=False).to_strs()


def identical(texts: list[str], name: str) -> int:
    if name == "pylangacq":
        import pylangacq  # type: ignore[import-not-found, unused-ignore]

        out = pylangacq.CHAT.from_strs(texts, strict=False, parallel=False).to_strs()
    else:
        out = [dumps(loads(text)) for text in texts]
    return sum(a == b for a, b in zip(texts, out, strict=True))


def pylangacq_row(texts: list[str], iterations: int, repeats: int) -> Row | str:
    """pylangacq's speeds here, or from the bench venv, or why it was skipped."""
    try:
        import pylangacq  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        if not BENCH_PYTHON.exists():
            return f"pylangacq skipped: not importable here and {BENCH_PYTHON} does not exist"
        args = [str(BENCH_PYTHON), "-W", "ignore", __file__, "--pylangacq-only",
                "--iterations", str(iterations), "--repeats", str(repeats)]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return f"pylangacq skipped: {BENCH_PYTHON} failed: {done.stderr.strip()[-300:]}"
        return Row(**json.loads(done.stdout))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns on every utterance it cannot align
        return Row(
            f"pylangacq {pylangacq.__version__} from_strs+to_strs (1 thread)",
            measure(pylangacq_run, texts, iterations, repeats),
            identical(texts, "pylangacq"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pylangacq-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    texts = corpus_texts()
    if args.pylangacq_only:
        row = pylangacq_row(texts, args.iterations, args.repeats)
        if isinstance(row, str):
            sys.exit(row)
        print(json.dumps(asdict(row)))
        return
    size = sum(len(text.encode("utf-8")) for text in texts)
    print(f"corpus: {len(texts)} files, {size:,} bytes; {args.iterations} passes x {args.repeats} repeats")
    rows = [
        Row("hotfolder.chat loads+dumps", measure(hotfolder_lazy, texts, args.iterations, args.repeats),
            identical(texts, "hotfolder")),
        Row("hotfolder.chat + every %mor/%wor word list",
            measure(hotfolder_words, texts, args.iterations, args.repeats), identical(texts, "hotfolder")),
    ]
    other = pylangacq_row(texts, args.iterations, args.repeats)
    if isinstance(other, str):
        print(other)
    else:
        rows.append(other)
    print(f"{'parser':<52} {'best MB/s':>10} {'median MB/s':>12} {'byte-identical':>15}")
    for row in rows:
        print(f"{row.name:<52} {max(row.speeds):>10.1f} {statistics.median(row.speeds):>12.1f} "
              f"{row.identical:>8}/{len(texts)}")
    if not isinstance(other, str):
        reference = statistics.median(other.speeds)
        for row in rows[:2]:
            print(f"ratio {row.name} / pylangacq (median): {statistics.median(row.speeds) / reference:.2f}x")


if __name__ == "__main__":
    main()
