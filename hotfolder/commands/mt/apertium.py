"""Calling Debian's `apertium`: the installed modes, package versions, translating lines.

A file's utterances go through one `apertium -f line <mode>` call, one
utterance per line (the `line` format keeps lines apart, so a rule never
reaches across two utterances). Should the output ever have another number of
lines, each utterance is translated on its own instead.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from hotfolder.commands.mt.modes import NoMode
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
    """One mode of apertium, translating batches of single-line texts."""

    def __init__(self, mode: str, binary: str = "apertium", timeout_s: float = 600) -> None:
        self.mode = mode
        self.binary = binary
        self.timeout_s = timeout_s

    def translate(self, lines: list[str]) -> list[str]:
        """One translation per line, in order (marks for unknown words kept: see lines.clean)."""
        if not lines:
            return []
        out = self._call("\n".join(lines) + "\n").split("\n")
        if out and out[-1] == "":
            out.pop()
        if len(out) == len(lines):
            return out
        return [" ".join(self._call(line + "\n").split()) for line in lines]

    def _call(self, text: str) -> str:
        try:
            done = _run([self.binary, "-f", "line", self.mode], text, self.timeout_s)
        except FileNotFoundError:
            raise ApertiumFailed("apertium is not installed: install the Debian package apertium") from None
        except subprocess.TimeoutExpired:
            raise ApertiumFailed(f"apertium {self.mode} took more than {self.timeout_s:g} s") from None
        if done.returncode != 0:
            why = done.stderr.strip().splitlines()[-1:] or ["no message"]
            raise ApertiumFailed(f"apertium {self.mode} exited with status {done.returncode}: {why[0]}")
        return done.stdout
