"""Calling Debian's `apertium`: the installed modes, package versions, translating lines.

A batch's utterances go through one `apertium -f none -z <mode>` call, each
utterance a null-flushed block (see stream.py): apertium translates every block
as if it were alone, so a rule never moves a word into a neighbouring utterance,
at the speed of one call (a call per utterance costs about 0.2 s each). Should
the output ever hold another number of blocks, each utterance is translated on
its own instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hotfolder.commands.translate.modes import NoMode
from hotfolder.commands.translate.stream import block, blocks
from hotfolder.errors import HotfolderError

MODES_DIR = Path("/usr/share/apertium/modes")


class ApertiumFailed(HotfolderError):
    """apertium ran but did not translate (a broken install, a crash)."""


def _run(args: list[str], text: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, input=text, capture_output=True, text=True, timeout=timeout, check=False)


def installed_modes(binary: str = "apertium") -> list[str]:
    """What `apertium -l` lists; NoMode naming the Debian package when apertium is missing."""
    try:
        done = _run([binary, "-l"])
    except FileNotFoundError:
        message = "apertium is not installed: install the Debian package apertium (apt-get install apertium)"
        raise NoMode(message) from None
    return [line.strip() for line in done.stdout.splitlines() if line.strip()]


def package_versions(mode: str) -> dict[str, str]:
    """Debian versions of apertium and of the package holding `mode` (what a receipt records)."""
    versions = {"apertium": _dpkg_version("apertium")}
    try:
        owner = _run(["dpkg", "-S", str(MODES_DIR / f"{mode}.mode")])
    except FileNotFoundError:  # not a Debian system: nothing more to tell
        return versions
    package = owner.stdout.split(":", 1)[0].strip() if owner.returncode == 0 else ""
    if package:
        versions[package] = _dpkg_version(package)
    return versions


def _dpkg_version(package: str) -> str:
    try:
        done = _run(["dpkg-query", "-W", "-f", "${Version}", package])
    except FileNotFoundError:
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 and done.stdout.strip() else "unknown"


class Apertium:
    """One mode of apertium, translating batches of single-line texts, each on its own."""

    def __init__(self, mode: str, binary: str = "apertium", timeout_s: float = 600) -> None:
        self.mode = mode
        self.binary = binary
        self.timeout_s = timeout_s

    def translate(self, lines: list[str]) -> list[str]:
        """One translation per line, in order (marks for unknown words kept: see lines.clean)."""
        if not lines:
            return []
        out = blocks(self._call("".join(block(line) for line in lines)), len(lines))
        if out is not None:
            return out
        return [self._alone(line) for line in lines]

    def _alone(self, line: str) -> str:
        out = blocks(self._call(block(line)), 1)
        if out is None:
            raise ApertiumFailed(f"apertium {self.mode} did not give back one block for one utterance")
        return out[0]

    def _call(self, text: str) -> str:
        try:
            done = _run([self.binary, "-f", "none", "-z", self.mode], text, self.timeout_s)
        except FileNotFoundError:
            raise ApertiumFailed("apertium is not installed: install the Debian package apertium") from None
        except subprocess.TimeoutExpired:
            raise ApertiumFailed(f"apertium {self.mode} took more than {self.timeout_s:g} s") from None
        if done.returncode != 0:
            why = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise ApertiumFailed(f"apertium {self.mode} exited with status {done.returncode}: {why[0]}")
        return done.stdout
