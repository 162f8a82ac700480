"""Real-speech section of bench/align_accuracy.py: `align` on the corpus's recordings with reference timings.

Each clip's transcript goes through the real AlignEngine twice: with its
utterance bullets stripped (and %wor removed), and with its utterance bullets
kept as anchors (%wor removed). Word times are compared with the file's own
%wor (batchalign's aligner output), utterance bullets with the file's own
utterance bullets.

The reference is checked against the signal too: a reference onset followed
by `SILENT_MS` of signal at the noise floor (mean frame level within `FLOOR_DB`
of the clip's 10th-percentile frame level; longer than a stop's closure) marks
a word that cannot have started there; those
words are counted and the numbers are also given without them ("checked").
"""

from __future__ import annotations

import difflib
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.align_hand import row as hand_row
from bench.align_hand import score as hand_score
from hotfolder.chat import ChatFile, Utterance, loads
from hotfolder.commands.align.edges import HOP_MS, frame_levels
from hotfolder.commands.align.engine import AlignEngine
from hotfolder.commands.audio import DEFAULT_RATE, load_audio
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.utseg.timing import parse_wor

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
BA3 = CORPUS / "batchalign3" / "batchalign" / "tests"
BULLET = re.compile(r"[ \t]*\x15\d+_\d+\x15")
SILENT_MS = 100
FLOOR_DB = 6.0

Timed = tuple[str, int, int]
POSITIONS = ("initial", "medial", "final", "single")


@dataclass(frozen=True)
class Clip:
    name: str
    cha: Path
    audio: Path
    lang: str
    reference: str  # what the file's timings are


ENGLISH = [
    Clip("test (batchalign2 test, adult read speech)", BA3 / "formats/chat/support/test.cha",
         BA3 / "formats/chat/support/test.mp3", "eng", "%wor + utterance bullets"),
    Clip("eng_multi_speaker (CHILDES, child + father)", BA3 / "support/parity/eng_multi_speaker.cha",
         BA3 / "support/parity/eng_multi_speaker.mp3", "eng", "utterance bullets only, re-timed (contiguous)"),
]
OTHER = [  # measured by the whisper path once it exists
    ("jpn_tyo_timed", "jpn", "utterance bullets"),
    ("yue_hku_timed", "yue", "%wor + utterance bullets"),
    ("fra_geneva_timed", "fra", "2 utterance bullets"),
    ("spa_marrero_timed", "spa", "3 utterance bullets"),
    ("biling_vec_hrv_timed", "vec,hrv", "utterance bullets"),
    ("hk/fixtures/05b_clip", "yue", "malformed (NAK-less) utterance timestamps"),
]


def strip_timings(text: str, keep_bullets: bool) -> str:
    """The transcript without %wor, and without utterance bullets unless `keep_bullets`."""
    lines = []
    for line in text.splitlines(keepends=True):
        if line.startswith("%wor:"):
            continue
        if line.startswith("*") and not keep_bullets:
            line = BULLET.sub("", line)
        lines.append(line)
    return "".join(lines)


def wor_timed(utterance: Utterance) -> list[tuple[str, tuple[int, int] | None]]:
    return [(word.lower(), times) for word, times in parse_wor(utterance.tier("wor") or "")]


def matched_words(reference: ChatFile, hypothesis: ChatFile) -> list[tuple[Timed, Timed | None]]:
    """(reference word, hypothesis word or None when untimed) for every timed reference word."""
    pairs: list[tuple[Timed, Timed | None]] = []
    for ref_utt, hyp_utt in zip(reference.utterances, hypothesis.utterances, strict=True):
        ref, hyp = wor_timed(ref_utt), wor_timed(hyp_utt)
        matcher = difflib.SequenceMatcher(a=[w for w, _ in ref], b=[w for w, _ in hyp], autojunk=False)
        partner = {a: b for block in matcher.get_matching_blocks() for a, b in zip(range(block.a, block.a + block.size), range(block.b, block.b + block.size))}
        for index, (word, times) in enumerate(ref):
            if times is None:
                continue
            other = hyp[partner[index]][1] if index in partner else None
            pairs.append(((word, *times), None if other is None else (word, *other)))
    return pairs


def word_positions(reference: ChatFile) -> list[str]:
    """initial / medial / final / single for every timed reference word, in matched_words' order."""
    out: list[str] = []
    for utterance in reference.utterances:
        count = sum(1 for _, times in wor_timed(utterance) if times is not None)
        out += ["single" if count == 1 else "initial" if i == 0 else "final" if i == count - 1 else "medial" for i in range(count)]
    return out


def position_stats(pairs: list[tuple[Timed, Timed | None]], positions: list[str], suspicious: set[int]) -> dict[str, str]:
    """Per word position: n, signed onset and offset error (ours minus reference) median / mean, checked words only."""
    out = {}
    for position in POSITIONS:
        errors = [(h[1] - r[1], h[2] - r[2]) for (r, h), p in zip(pairs, positions) if p == position and h is not None and r[1] not in suspicious]
        if errors:
            on, off = np.array(errors, dtype=float).T
            out[position] = f"{len(errors)}: {np.median(on):+.0f} / {on.mean():+.0f}, {np.median(off):+.0f} / {off.mean():+.0f}"
    return out


def silent_onsets(levels: np.ndarray, floor: float, onsets: list[int]) -> set[int]:
    """The reference onsets followed by SILENT_MS at the noise floor."""
    quiet = floor + FLOOR_DB
    out = set()
    for onset in onsets:
        window = levels[onset // HOP_MS : (onset + SILENT_MS) // HOP_MS]
        if window.size and float(window.mean()) <= quiet:
            out.add(onset)
    return out


def run_clip(engine: AlignEngine, clip: Clip, keep_bullets: bool) -> dict[str, object]:
    text = clip.cha.read_text(encoding="utf-8")
    reference = loads(text)
    with tempfile.TemporaryDirectory() as tmp:
        cha = Path(tmp) / clip.cha.name
        cha.write_text(strip_timings(text, keep_bullets), encoding="utf-8")
        began = time.perf_counter()
        [outcome] = engine.process([FileTask(cha.name, cha, clip.lang, {clip.audio.name: clip.audio})])
        elapsed = time.perf_counter() - began
    if not isinstance(outcome, FileResult):
        raise RuntimeError(f"align failed on {clip.cha}: {outcome}")
    hypothesis = loads(outcome.outputs[0].data.decode("utf-8"))
    samples = load_audio(clip.audio, DEFAULT_RATE)
    levels = frame_levels(samples, DEFAULT_RATE)
    floor = float(np.percentile(levels, 10))
    pairs = matched_words(reference, hypothesis)
    suspicious = silent_onsets(levels, floor, [ref[1] for ref, _ in pairs])
    edges: list[int] = []
    starts: list[int] = []
    ends: list[int] = []
    checked_starts: list[int] = []
    for ref_utt, hyp_utt in zip(reference.utterances, hypothesis.utterances):
        if ref_utt.bullet and hyp_utt.bullet and hyp_utt.tier("wor"):
            starts.append(hyp_utt.bullet[0] - ref_utt.bullet[0])
            ends.append(hyp_utt.bullet[1] - ref_utt.bullet[1])
            if not silent_onsets(levels, floor, [ref_utt.bullet[0]]):
                checked_starts.append(starts[-1])
    edges = starts + ends
    notes = outcome.notes
    return {
        "all": _word_stats(pairs),
        "checked": _word_stats([(r, h) for r, h in pairs if r[1] not in suspicious]),
        "suspicious": len(suspicious),
        "start_bias": float(np.mean(starts)) if starts else float("nan"),
        "end_bias": float(np.mean(ends)) if ends else float("nan"),
        "checked_start_bias": float(np.mean(checked_starts)) if checked_starts else float("nan"),
        "checked_starts": len(checked_starts),
        "edge_bias": float(np.mean(edges)) if edges else float("nan"),
        "edge_abs": float(np.mean(np.abs(edges))) if edges else float("nan"),
        "positions": position_stats(pairs, word_positions(reference), suspicious),
        "utterances": f"{notes.get('utterances_aligned')}/{len(reference.utterances)}",
        "unaligned_lines": notes.get("unaligned_lines"),
        "rtf": elapsed / (len(samples) / DEFAULT_RATE),
        "pairs": pairs,
    }


def _word_stats(pairs: list[tuple[Timed, Timed | None]]) -> dict[str, float]:
    timed = [(r, h) for r, h in pairs if h is not None]
    onset = np.array([abs(h[1] - r[1]) for r, h in timed], dtype=float)
    offset = np.array([abs(h[2] - r[2]) for r, h in timed], dtype=float)
    if not timed:
        return {"words": 0, "untimed": len(pairs)}
    return {
        "words": len(timed),
        "untimed": len(pairs) - len(timed),
        "onset_mean": float(onset.mean()),
        "onset_median": float(np.median(onset)),
        "offset_mean": float(offset.mean()),
        "offset_median": float(np.median(offset)),
        "onset_signed": float(np.mean([h[1] - r[1] for r, h in timed])),
        **{f"onset_{limit}": float(np.mean(onset <= limit)) for limit in (25, 50, 100)},
        **{f"offset_{limit}": float(np.mean(offset <= limit)) for limit in (25, 50, 100)},
    }


def print_real(engine: AlignEngine) -> None:
    print("\nReal speech (corpus clips; reference = the file's own timings)")
    print(
        "| clip | bullets | words | onset mean / median ms | onset <=25 / 50 / 100 ms | offset mean / median ms "
        "| offset <=25 / 50 / 100 ms | utt start / end bias ms (start, checked) | utt edge bias (abs) ms | utts | RTF |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    by_position: list[tuple[str, str, dict[str, str]]] = []
    hand: list[str] = []
    for clip in ENGLISH:
        for keep in (False, True):
            r = run_clip(engine, clip, keep)
            if clip is ENGLISH[0]:
                pairs = r["pairs"]
                assert isinstance(pairs, list)
                if not hand:
                    hand.append(hand_row("batchalign2 (the file's own %wor)", hand_score([ref for ref, _ in pairs])))
                hand.append(hand_row(f"ours, bullets {'kept' if keep else 'stripped'}", hand_score([hyp for _, hyp in pairs])))
            positions = r["positions"]
            assert isinstance(positions, dict)
            if positions:
                by_position.append((clip.name, "kept" if keep else "stripped", positions))
            label = "kept" if keep else "stripped"
            print(
                f"| {clip.name} | {label} | {_words(r)} | {_stat(r, 'onset')} | {_share(r, 'onset')} | "
                f"{_stat(r, 'offset')} | {_share(r, 'offset')} | {r['start_bias']:+.0f} / {r['end_bias']:+.0f} "
                f"({r['checked_start_bias']:+.0f}, n={r['checked_starts']}) | "
                f"{r['edge_bias']:+.0f} ({r['edge_abs']:.0f}) | {r['utterances']} | {r['rtf']:.3f} |"
            )
            if r["unaligned_lines"]:
                print(f"|  | unaligned utterances at lines {r['unaligned_lines']} |||||||||")
    print("\nSigned error by word position in its utterance (checked words; n: onset median / mean, offset median / mean ms)")
    print("| clip | bullets | " + " | ".join(POSITIONS) + " |")
    print("|---|---|" + "---:|" * len(POSITIONS))
    for name, label, positions in by_position:
        print(f"| {name} | {label} | " + " | ".join(positions.get(p, "-") for p in POSITIONS) + " |")
    print("\nAgainst the hand-checked reference of test.cha (bench/align_hand.py: 50 onsets, 12 utterances)")
    print("| timings | onsets | onset mean / median ms | onset <= 25 / 50 / 100 ms | utt start / end bias ms | utt edge bias (abs) ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(hand))
    print("\n'all' counts every timed reference word; 'checked' leaves out reference onsets followed by")
    print(f"{SILENT_MS} ms at the noise floor (the reference cannot be right there).")
    for name, lang, timings in OTHER:
        print(f"- not English, for the whisper path: {name} ({lang}; {timings})")
    missing = [p.name for p in (CORPUS / "chatter/corpus/reference/audio").glob("*.cha") if not any(
        p.with_suffix(s).exists() for s in (".mp3", ".wav"))]
    if missing:
        print(f"- chatter reference audio transcripts without their recording in the corpus: {', '.join(missing)}")


def _words(r: dict[str, object]) -> str:
    a, c = r["all"], r["checked"]
    assert isinstance(a, dict) and isinstance(c, dict)
    return f"{a['words']} (+{a['untimed']} untimed; {r['suspicious']} ref in silence)"


def _stat(r: dict[str, object], key: str) -> str:
    a, c = r["all"], r["checked"]
    assert isinstance(a, dict) and isinstance(c, dict)
    if not a.get("words"):
        return "-"
    return f"{a[key + '_mean']:.0f} / {a[key + '_median']:.0f} (checked {c[key + '_mean']:.0f} / {c[key + '_median']:.0f})"


def _share(r: dict[str, object], key: str) -> str:
    a, c = r["all"], r["checked"]
    assert isinstance(a, dict) and isinstance(c, dict)
    if not a.get("words"):
        return "-"
    return (
        f"{a[key + '_25']:.0%} / {a[key + '_50']:.0%} / {a[key + '_100']:.0%} "
        f"(checked {c[key + '_25']:.0%} / {c[key + '_50']:.0%} / {c[key + '_100']:.0%})"
    )
