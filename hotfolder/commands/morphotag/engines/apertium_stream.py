"""The analysis half of an apertium mode: its pipeline up to the tagger, run null-flushed, read back as units.

A translation mode (`cat-spa.mode`) is a shell pipeline: analyser (`lt-proc`),
constraint grammar (`cg-proc`), HMM tagger (`apertium-tagger -g $2`), then
transfer and generation. morphotag keeps the stages up to the tagger, asks the
tagger for the surface forms (`-p`, in place of the mode's `$2`), and gives
every stage `-z` so each utterance is a null-flushed block tagged on its own
(see translate/stream.py). A mode with no tagger (hbs) ends at `cg-proc -1`,
whose `-n` (no surface forms) is dropped, or gets the tagger its package ships.
"""

from __future__ import annotations

import shlex
import subprocess
from pathlib import Path
from typing import NamedTuple

from hotfolder.commands.translate.stream import FLUSH, block
from hotfolder.errors import HotfolderError

_ANALYSIS = ("lt-proc", "cg-proc", "apertium-tagger")


class ApertiumRunFailed(HotfolderError):
    """The analysis pipeline ran but did not analyse (a broken install, a crash)."""


class Unit(NamedTuple):
    """One lexical unit of the stream: its surface form and its reading (`de<pr>+el<det>...`, `*word`)."""

    surface: str
    reading: str


def analysis_stages(mode_text: str) -> list[list[str]]:
    """The mode's stages that analyse and disambiguate, as argument lists ready to run null-flushed."""
    stages: list[list[str]] = []
    for stage in mode_text.strip().split("|"):
        args = shlex.split(stage)
        if not args or args[0] not in _ANALYSIS or (stages and args[0] == "lt-proc"):
            break  # the second lt-proc is the bilingual lookup: transfer starts here
        if args[0] == "apertium-tagger":
            args = [args[0], "-z", "-p", *(arg for arg in args[1:] if arg != "$2")]
        elif args[0] == "cg-proc":
            args = [args[0], "-z", *(arg for arg in args[1:] if arg != "-n")]
        else:  # the analyser: `-w` gives dictionary-case lemmas (`O` -> `o`) where the mode does not ask for them
            args = [args[0], "-z", *([] if "-w" in args else ["-w"]), *args[1:]]
        stages.append(args)
        if args[0] == "apertium-tagger":
            break
    if not stages or stages[0][0] != "lt-proc":
        raise ApertiumRunFailed("the mode file does not start with an lt-proc analyser")
    return stages


def read_mode(path: Path) -> list[list[str]]:
    """The analysis stages of a mode file; where the mode has no tagger but its package ships one
    (hbs-eng: `cg-proc -1` picks the first reading, `sam` as an adjective), the tagger is added."""
    stages = analysis_stages(path.read_text(encoding="utf-8"))
    last = stages[-1]
    if last[0] == "cg-proc" and last[-1].endswith(".rlx.bin"):
        prob = Path(last[-1].removesuffix(".rlx.bin") + ".prob")
        if prob.is_file():
            stages[-1] = [arg for arg in last if arg != "-1"]
            stages.append(["apertium-tagger", "-z", "-p", "-g", str(prob)])
    return stages


def run(stages: list[list[str]], utterances: list[str], timeout_s: float = 600) -> list[list[Unit]] | None:
    """Every utterance's units, in order; None if the stream came back with another number of blocks."""
    if not utterances:
        return []
    command = " | ".join(shlex.join(stage) for stage in stages)
    text = "".join(block(utterance) for utterance in utterances)
    try:
        done = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            input=text, capture_output=True, text=True, timeout=timeout_s, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise ApertiumRunFailed(f"apertium analysis took more than {timeout_s:g} s") from None
    if done.returncode != 0:
        why = done.stderr.strip().splitlines()[-1:] or ["no message"]
        raise ApertiumRunFailed(f"apertium analysis ({stages[0][-1]}) exited with status {done.returncode}: {why[0]}")
    pieces = done.stdout.split(FLUSH)
    if len(pieces) <= len(utterances) or any(piece.strip() for piece in pieces[len(utterances) :]):
        return None
    return [units(piece) for piece in pieces[: len(utterances)]]


def units(piece: str) -> list[Unit]:
    """The lexical units `^surface/reading$` of one block; blanks and superblanks between them skipped."""
    found: list[Unit] = []
    index = 0
    while index < len(piece):
        char = piece[index]
        if char == "\\":
            index += 2
        elif char == "[":
            index = _past(piece, index + 1, "]")
        elif char == "^":
            end = _past(piece, index + 1, "$")
            found.append(_unit(piece[index + 1 : end - 1]))
            index = end
        else:
            index += 1
    return found


def _past(piece: str, index: int, closer: str) -> int:
    """The index just past the next unescaped `closer`."""
    while index < len(piece):
        if piece[index] == "\\":
            index += 2
            continue
        if piece[index] == closer:
            return index + 1
        index += 1
    return index


def _unit(body: str) -> Unit:
    parts: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            current.append(body[index + 1])
            index += 2
            continue
        if char == "/":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    parts.append("".join(current))
    surface = parts[0]
    return Unit(surface, parts[1] if len(parts) > 1 else f"*{surface}")
