"""Benchmark: CHAT drops through the real daemon's morphotag folder, beside a bare `nlp.pipe` loop.

    .venv/bin/python bench/throughput.py [--files 1000] [--quick] [--keep-logs DIR]

One run measures, on the same machine state: (1) drop -> last receipt for N
files built from English corpus utterances, renamed into a morphotag inbox at
once (worker start-up included: it is what a user waits for); (2) the same
utterances' %mor word lists through a bare `nlp.pipe` loop in a fresh process,
spaCy import + pipeline load included, before and after the daemon run; (3) the
daemon's idle RSS before any worker starts, and the imports that make it up;
(4) detection latency (drop -> job listed by /jobs) with native events.
Temporary folders are removed and the daemon stopped (SIGTERM) even on errors.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO))

from hotfolder.chat import load, loads, validate  # noqa: E402

CHILD_ENV = {"PYTHONPATH": str(REPO)}  # children run the tree this script sits in, as this process does
RATIO_AIM, RSS_AIM_MB, LATENCY_AIM_S = 1.25, 80.0, 0.5
THROUGHPUT_SETTLE_S, LATENCY_SETTLE_S = 1.0, 2.0
# sqlite-utils imports these when they are installed (to map their scalar types); the ledger stores none.
SQLITE_UTILS_OPTIONAL = ("pandas", "numpy")
_BULLET = re.compile("\x15[^\x15]*\x15")
_CONTINUATION = re.compile(r"\s*\n\t\s*")

# -- the files --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str  # main tier content, bullets removed, on one line


def chat_text(lines: list[Line], roles: dict[str, str]) -> str:
    """A complete CHAT file with @Participants and @ID for the speakers of `lines`."""
    speakers = list(dict.fromkeys(line.speaker for line in lines))
    head = ["@UTF8", "@Begin", "@Languages:\teng", "@Participants:\t" + ", ".join(f"{s} {roles[s]}" for s in speakers)]
    head += [f"@ID:\teng|hotfolder_bench|{s}|||||{roles[s]}|||" for s in speakers]
    return "\n".join([*head, *(f"*{line.speaker}:\t{line.text}" for line in lines), "@End", ""])


def corpus_lines(corpus: Path) -> tuple[list[Line], dict[str, str], int]:
    """Distinct utterances of the English, non-CA corpus files, each CHECK-clean on its own; roles; source count."""
    found: dict[Line, str] = {}
    sources = 0
    for path in sorted(corpus.rglob("*.cha")):
        chat = load(path)
        if "bad" in path.relative_to(corpus).parts or chat.languages != ["eng"] or any(o.upper() == "CA" for o in chat.options):
            continue  # testchat's bad/ files must fail CHECK; CA transcripts follow other word rules
        roles = {p.code: p.role for p in chat.participants}
        before = len(found)
        for utterance in chat.utterances:
            text = re.sub(r" {2,}", " ", _CONTINUATION.sub(" ", _BULLET.sub("", utterance.main_text)).strip())
            if utterance.language is None and any(not w.is_separator for w in utterance.mor_words()):
                found.setdefault(Line(utterance.speaker, text), roles.get(utterance.speaker) or "Unidentified")
        sources += len(found) > before
    roles: dict[str, str] = {}
    for line, role in found.items():
        roles.setdefault(line.speaker, role)  # one role per code, so any mix of lines agrees
    return [line for line in found if not validate(loads(chat_text([line], roles)))], roles, sources


def build_files(count: int, seed: int = 1) -> tuple[list[tuple[str, str]], int, int]:
    """`count` (name, text) files of 10-20 corpus utterances each, every one CHECK-clean."""
    lines, roles, sources = corpus_lines(CORPUS)
    rng = random.Random(seed)
    files = []
    for index in range(count):
        text = chat_text(rng.sample(lines, rng.randint(10, min(20, len(lines)))), roles)
        issues = validate(loads(text))
        if issues:
            raise RuntimeError(f"assembled file is not CHECK-clean: {issues[0]}")
        files.append((f"bench_{index:05d}.cha", text))
    return files, len(lines), sources


def word_lists(files: list[tuple[str, str]]) -> list[list[str]]:
    """What the morphotag engine gives spaCy: each utterance's %mor words, separators left out."""
    words = []
    for _, text in files:
        for utterance in loads(text).utterances:
            texts = [w.text or w.raw for w in utterance.mor_words() if not w.is_separator]
            if texts:
                words.append(texts)
    return words


# -- the bare loop (its own process, for a clean import and load) -------------------------


def baseline_child(words_path: Path, files_dir: Path) -> None:
    words: list[list[str]] = json.loads(words_path.read_text())
    started, cpu = time.perf_counter(), time.process_time()
    from spacy.tokens import Doc

    from hotfolder.commands.morphotag.pipelines import PIPELINES, load_pipeline  # the engine's loader and exclusions
    from hotfolder.commands.morphotag.tagger import tag_words

    imported = time.perf_counter()
    nlp = load_pipeline(PIPELINES["eng"])
    loaded = time.perf_counter()
    docs = (Doc(nlp.vocab, words=ws, spaces=[True] * len(ws), sent_starts=[i == 0 for i in range(len(ws))]) for ws in words)
    for _ in nlp.pipe(docs):
        pass
    piped, piped_cpu = time.perf_counter(), time.process_time()
    tag_words(nlp, words)
    tagged = time.perf_counter()
    engine_s = run_engine(files_dir)
    times = {"import_s": imported - started, "load_s": loaded - imported, "pipe_s": piped - loaded,
             "cpu_s": piped_cpu - cpu, "tagger_s": tagged - piped, "engine_s": engine_s}
    print(json.dumps(times))


def run_engine(files_dir: Path) -> float:
    """Seconds for the daemon's own engine to tag every file in one process, in the command's batches (its own load included)."""
    from hotfolder.commands.base import FileResult, FileTask
    from hotfolder.commands.morphotag.command import COMMAND

    tasks = [FileTask(path.name, path, "eng") for path in sorted(files_dir.iterdir())]
    started = time.perf_counter()
    engine = COMMAND.load("eng", COMMAND.options_model())
    for first in range(0, len(tasks), COMMAND.batch_size):
        outcomes = engine.process(tasks[first : first + COMMAND.batch_size])
        if not all(isinstance(outcome, FileResult) for outcome in outcomes):
            raise RuntimeError(f"the engine failed a file: {outcomes}")
    return time.perf_counter() - started


def run_baseline(words_path: Path, files_dir: Path) -> dict[str, float]:
    command = [sys.executable, __file__, "--baseline-child", str(words_path), str(files_dir)]
    out = subprocess.run(command, capture_output=True, text=True, check=True, timeout=1800, env={**os.environ, **CHILD_ENV})
    times: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    times["total_s"] = times["import_s"] + times["load_s"] + times["pipe_s"]
    return times


# -- the daemon ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_config(root: Path, port: int) -> Path:
    hotfolders = []
    for name, settle in (("throughput", THROUGHPUT_SETTLE_S), ("latency", LATENCY_SETTLE_S)):
        for sub in ("inbox", "outbox", "failed"):
            (root / name / sub).mkdir(parents=True)
        paths = {sub: str(root / name / sub) for sub in ("inbox", "outbox", "failed")}
        hotfolders.append({"name": name, "command": "morphotag", "lang": "eng", **paths, "settle_s": settle, "watch": "native"})
    path = root / "config.yaml"  # JSON is YAML
    path.write_text(json.dumps({"state_dir": str(root / "state"), "port": port, "hotfolders": hotfolders}, indent=2))
    return path


class Daemon:
    """`hotfolder run --config` as a child process, stopped with SIGTERM."""

    def __init__(self, config: Path, port: int, log_path: Path, env: dict[str, str] | None = None, launcher: list[str] | None = None) -> None:
        entry = Path(sys.executable).parent / "hotfolder"
        launcher = launcher or ([str(entry)] if entry.exists() else [sys.executable, "-m", "hotfolder.cli"])
        self.port, self.log_path = port, log_path
        with open(log_path, "ab") as log:
            command = [*launcher, "run", "--config", str(config)]
            self.process = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **CHILD_ENV, **(env or {})})
        self.ps = psutil.Process(self.process.pid)

    def get(self, path: str, timeout: float = 10.0) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
            return json.loads(response.read())

    def wait_healthy(self, timeout: float = 120.0) -> float:
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"daemon exited with {self.process.returncode}; log: {self.log_path.read_text()[-3000:]}")
            try:
                if self.get("/health", timeout=2)["status"] == "ok":
                    return time.monotonic() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"daemon not healthy after {timeout:g} s")

    def idle_rss_mb(self, seconds: float = 2.0) -> tuple[float, float, int]:
        """(RSS, USS, child processes) of the idle daemon: highest RSS over `seconds`."""
        end, rss = time.monotonic() + seconds, 0.0
        while time.monotonic() < end:
            rss = max(rss, self.ps.memory_info().rss / 2**20)
            time.sleep(0.1)
        return rss, self.ps.memory_full_info().uss / 2**20, len(self.ps.children(recursive=True))

    def workers(self) -> list[psutil.Process]:
        """Engine workers (multiprocessing's resource tracker is a child too, but no worker)."""
        return [c for c in self.ps.children() if "resource_tracker" not in " ".join(c.cmdline())]

    def stop(self) -> int | None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                return self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                self.process.kill()
        return self.process.wait(timeout=30)


@dataclass
class Run:
    wall_s: float  # rename of the first file -> mtime of the last receipt
    milestones: dict[str, float]
    jobs: dict[str, int]
    outputs: int
    max_workers: int
    warm_at_drop: int  # workers already running when the files arrived (a daemon may warm them up at start)
    daemon_cpu_s: float
    worker_cpu_s: float
    api_ms: list[float]


def count_receipts(outbox: Path) -> int:
    return sum(1 for entry in os.scandir(outbox) if entry.name.endswith(".receipt.json"))


def throughput(daemon: Daemon, files: list[tuple[str, str]], staging: Path, folder: Path, ledger: Path, deadline_s: float) -> Run:
    """Rename every file into the inbox at once; wait for every receipt, sampling the daemon each second."""
    for name, text in files:
        (staging / name).write_text(text, encoding="utf-8")
    cpu_before, warm = sum(daemon.ps.cpu_times()[:2]), len(daemon.workers())
    dropped = time.time()
    for name, _ in files:
        os.rename(staging / name, folder / "inbox" / name)
    api_ms: list[float] = []
    workers, worker_cpu, next_sample = 0, 0.0, 0.0
    while (receipts := count_receipts(folder / "outbox")) < len(files):
        now = time.time() - dropped
        if now > deadline_s or daemon.process.poll() is not None:
            raise RuntimeError(f"{receipts}/{len(files)} receipts after {now:.0f} s; daemon exit code {daemon.process.poll()}")
        if now >= next_sample:
            next_sample = now + 1.0
            live = daemon.workers()
            workers = max(workers, len(live))
            worker_cpu = max(worker_cpu, sum(sum(c.cpu_times()[:2]) for c in live))
            started = time.perf_counter()
            daemon.get("/jobs?limit=100")  # as a dashboard polls
            api_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(0.05)
    last = max(e.stat().st_mtime for e in os.scandir(folder / "outbox") if e.name.endswith(".receipt.json"))
    daemon_cpu = sum(daemon.ps.cpu_times()[:2]) - cpu_before
    worker_cpu = max(worker_cpu, sum(sum(c.cpu_times()[:2]) for c in daemon.workers()))  # workers stay warm: all their CPU
    db = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True, timeout=5)
    ended = "SELECT count(*) FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')"
    while db.execute(ended).fetchone()[0] < len(files) and time.time() - dropped < deadline_s:
        time.sleep(0.05)  # the receipt is written just before the job's terminal state
    jobs = dict(db.execute("SELECT status, count(*) FROM jobs GROUP BY status").fetchall())
    row = db.execute("SELECT min(submitted_at) - ?1, max(submitted_at) - ?1, min(completed_at) - ?1 FROM jobs", (dropped,)).fetchone()
    milestones = dict(zip(["first claimed", "all claimed", "first receipt"], row))
    milestones["first file started"] = db.execute("SELECT min(started_at) - ? FROM files", (dropped,)).fetchone()[0]
    db.close()
    outputs = sum(1 for e in os.scandir(folder / "outbox") if e.name.endswith(".cha"))
    return Run(last - dropped, milestones, jobs, outputs, workers, warm, daemon_cpu, worker_cpu, api_ms)


def detection_latency(daemon: Daemon, text: str, staging: Path, folder: Path, repeats: int) -> list[float]:
    """Seconds from a rename into the inbox to the job listed by /jobs; each job ends before the next drop."""
    latencies = []
    known = {job["job_id"] for job in daemon.get("/jobs?limit=1000")}
    for index in range(repeats):
        name = f"latency_{index:02d}.cha"
        (staging / name).write_text(text, encoding="utf-8")
        dropped = time.time()
        os.rename(staging / name, folder / "inbox" / name)
        while not (new := [j["job_id"] for j in daemon.get("/jobs?limit=5") if j["job_id"] not in known]):
            if time.time() - dropped > 60:
                raise RuntimeError(f"{name} not listed by /jobs after 60 s")
            time.sleep(0.02)
        latencies.append(time.time() - dropped)
        known.update(new)
        while count_receipts(folder / "outbox") <= index:
            if time.time() - dropped > 300:
                raise RuntimeError(f"no receipt for {name} after 300 s")
            time.sleep(0.05)
    return latencies


def log_findings(log_path: Path) -> list[str]:
    """Warnings, errors and tracebacks in the daemon's log, each distinct message once with its count."""
    counts: dict[str, int] = {}
    for line in log_path.read_text(errors="replace").splitlines():
        if any(level in line for level in (" WARNING ", " ERROR ", " CRITICAL ")) or line.startswith("Traceback"):
            key = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{32}|\d+", "#", line.split(": ", 1)[-1])[:160]
            counts[key] = counts.get(key, 0) + 1
    return [f"{n}x {message}" for message, n in counts.items()]


# -- what the idle daemon imported --------------------------------------------------------


def import_profile(config: Path, port: int, log_path: Path) -> list[tuple[str, float, list[str]]]:
    """(top-level package, self import ms, its modules) for one daemon start, dependencies first."""
    daemon = Daemon(config, port, log_path, env={"PYTHONPROFILEIMPORTTIME": "1"})
    try:
        daemon.wait_healthy()
        time.sleep(1.0)  # let the API thread and the first loop turns finish their lazy imports
    finally:
        daemon.stop()
    packages: dict[str, tuple[float, list[str]]] = {}
    done: dict[str, int] = {}  # where each package's own top module finished: its dependencies finish before
    for index, line in enumerate(log_path.read_text(errors="replace").splitlines()):
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if match:
            module, top = match.group(2), match.group(2).split(".")[0]
            ms, modules = packages.get(top, (0.0, []))
            packages[top] = (ms + int(match.group(1)) / 1000, [*modules, module])
            done[top] = index if module == top or top not in done else done[top]
    return sorted(((top, ms, modules) for top, (ms, modules) in packages.items()), key=lambda row: done[row[0]])


_RSS_PROBE = """
import importlib, json, sys
def rss():
    return int(open('/proc/self/statm').read().split()[1]) * 4096 / 2**20
out = [("python", rss())]
for name, modules in json.loads(sys.argv[1]):
    before = rss()
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:
            pass
    out.append((name, rss() - before))
print(json.dumps(out))
"""


def rss_by_package(profile: list[tuple[str, float, list[str]]]) -> list[tuple[str, float, float]]:
    """(package, RSS MiB it adds, self import ms), importing in the daemon's order: stdlib first, hotfolder last."""
    stdlib = [m for top, _, mods in profile if top in sys.stdlib_module_names for m in mods]
    ours = [m for top, _, mods in profile if top == "hotfolder" for m in mods]
    third = [(top, mods) for top, _, mods in profile if top not in sys.stdlib_module_names and top != "hotfolder"]
    groups = json.dumps([("stdlib", stdlib), *third, ("hotfolder", ours)])
    out = subprocess.run([sys.executable, "-c", _RSS_PROBE, groups], capture_output=True, text=True, check=True, cwd=REPO, env={**os.environ, **CHILD_ENV})
    ms = {top: t for top, t, _ in profile} | {"stdlib": sum(t for top, t, _ in profile if top in sys.stdlib_module_names)}
    return [(name, mb, ms.get(name, 0.0)) for name, mb in json.loads(out.stdout)]


def idle_rss_without(config: Path, port: int, log_path: Path, blocked: tuple[str, ...]) -> float:
    """Idle RSS of a daemon in which `blocked` cannot be imported: what making them lazy would save."""
    start = f"import sys; sys.modules.update(dict.fromkeys({blocked!r})); from hotfolder.cli import main; sys.exit(main())"
    daemon = Daemon(config, port, log_path, launcher=[sys.executable, "-c", start])
    try:
        daemon.wait_healthy()
        return daemon.idle_rss_mb()[0]
    finally:
        daemon.stop()


# -- the run ------------------------------------------------------------------------------


@contextmanager
def workspace() -> Iterator[Path]:
    root = Path(tempfile.mkdtemp(prefix="hf-throughput-"))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    files, distinct, sources = build_files(args.files)
    words = word_lists(files)
    print(f"files      {len(files)} CHAT files, {len(words)} utterances, {sum(map(len, words))} words "
          f"({distinct} distinct utterances from {sources} English corpus files), all CHECK-clean")
    with workspace() as root:
        print(f"workspace  {root}")
        (root / "staging").mkdir()
        words_path = root / "words.json"
        words_path.write_text(json.dumps(words))
        (root / "engine").mkdir()
        for name, text in files:
            (root / "engine" / name).write_text(text, encoding="utf-8")
        port = free_port()
        config = write_config(root, port)
        bare = [] if args.quick else [run_baseline(words_path, root / "engine")]  # before the daemon; also warms the page cache
        daemon = Daemon(config, port, root / "daemon.log")
        try:
            ready_s = daemon.wait_healthy()
            modes = {f["name"]: f["watch_mode"] for f in daemon.get("/health")["hotfolders"]}
            idle = daemon.idle_rss_mb()
            result = throughput(daemon, files, root / "staging", root / "throughput", root / "state" / "ledger.db", 600 + len(files))
            latencies = detection_latency(daemon, files[0][1], root / "staging", root / "latency", 2 if args.quick else args.latency_repeats)
        finally:
            code = daemon.stop()
        bare.append(run_baseline(words_path, root / "engine"))
        by_package: list[tuple[str, float, float]] = []
        lean = None
        if not args.quick:  # two short idle starts on the config's port (free again) explain the RSS
            by_package = rss_by_package(import_profile(config, port, root / "importtime.log"))
            lean = idle_rss_without(config, port, root / "lean.log", SQLITE_UTILS_OPTIONAL)
        if args.keep_logs:
            args.keep_logs.mkdir(parents=True, exist_ok=True)
            for log in root.glob("*.log"):
                shutil.copy(log, args.keep_logs / log.name)
        findings = log_findings(root / "daemon.log")
    print(f"daemon     start -> /health {ready_s:.2f} s; watch modes {modes}; default pool; exit code {code} after SIGTERM")
    without = "" if lean is None else f"; {lean:.1f} MiB with {' and '.join(SQLITE_UTILS_OPTIONAL)} kept out of sqlite-utils"
    print(f"idle RSS   {idle[0]:.1f} MiB (USS {idle[1]:.1f} MiB, {idle[2]} child processes), aim <= {RSS_AIM_MB:g}{without}")
    report(len(files), result, bare, latencies)
    print("imports    " + ("what the idle daemon imported, largest first: RSS added (MiB), self import time (ms)" if by_package else "not analysed (--quick)"))
    for name, mb, ms in sorted(by_package, key=lambda row: -row[1])[:12]:
        print(f"           {name:<20} {mb:6.1f} MiB {ms:7.0f} ms")
    print(f"log        {len(findings)} distinct warning/error line(s)" + "".join(f"\n           {line}" for line in findings[:8]))
    print(f"elapsed    {time.perf_counter() - started:.1f} s")
    complete = result.outputs == len(files) and result.jobs == {"completed": len(files)}
    return 0 if complete and code == 0 else 1


def report(n: int, result: Run, bare: list[dict[str, float]], latencies: list[float]) -> None:
    wall, settle = result.wall_s, THROUGHPUT_SETTLE_S
    total, pipe = statistics.fmean(b["total_s"] for b in bare), statistics.fmean(b["pipe_s"] for b in bare)
    api = sorted(result.api_ms) or [0.0]
    marks = ", ".join(f"{k} {v:.1f} s" for k, v in sorted(result.milestones.items(), key=lambda kv: kv[1]))
    print(f"throughput drop -> last receipt {wall:.2f} s = {n / wall:.1f} files/s (settle_s {settle:g} and worker start-up included)")
    print(f"           minus settle_s {wall - settle:.2f} s = {n / (wall - settle):.1f} files/s")
    print(f"           {marks}; {result.warm_at_drop} workers at the drop, up to {result.max_workers}; jobs {result.jobs}; {result.outputs} outputs")
    print(f"           CPU s: daemon process {result.daemon_cpu_s:.1f}, workers {result.worker_cpu_s:.1f}; /jobs?limit=100 "
          f"each second: median {statistics.median(api):.0f} ms, max {api[-1]:.0f} ms")
    for label, b in zip(["before", "after"] if len(bare) == 2 else ["after"], bare):
        print(f"bare       {label} the daemon: import {b['import_s']:.2f} s + load {b['load_s']:.2f} s + nlp.pipe {b['pipe_s']:.2f} s "
              f"= {b['total_s']:.2f} s in one process ({b['cpu_s']:.1f} CPU s)")
        print(f"           then tag_words (the engine's tagger, no CHAT) {b['tagger_s']:.2f} s; the engine on the files in-process {b['engine_s']:.2f} s")
    print(f"ratio      {wall / total:.2f} = daemon {wall:.2f} s / bare {total:.2f} s (bare: spaCy import + load + pipe) aim <= {RATIO_AIM:g}")
    cpu = (result.daemon_cpu_s + result.worker_cpu_s) / statistics.fmean(b["cpu_s"] for b in bare)
    print(f"           {(wall - settle) / total:.2f} without settle_s; {wall / pipe:.2f} against nlp.pipe alone; CPU time {cpu:.2f}")
    over = [t - LATENCY_SETTLE_S for t in latencies]
    print(f"detection  drop -> listed by /jobs with settle_s {LATENCY_SETTLE_S:g}: mean {statistics.fmean(latencies):.2f} s, max {max(latencies):.2f} s; "
          f"beyond settle_s mean {statistics.fmean(over):.2f} s, max {max(over):.2f} s (aim <= {LATENCY_AIM_S:g}; n={len(latencies)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="CHAT files to drop [1000]")
    parser.add_argument("--quick", action="store_true", help="smoke run: one bare run, 2 latency drops, no import analysis")
    parser.add_argument("--latency-repeats", type=int, default=10, help="drops timed for detection latency [10]")
    parser.add_argument("--keep-logs", type=Path, help="copy the daemon's logs to this folder before cleaning up")
    parser.add_argument("--baseline-child", type=Path, nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.baseline_child:
        baseline_child(*args.baseline_child)
        return 0
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # unwind: stop the daemon, clean up
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
