"""translate's pure parts: choosing the apertium mode, the lines it reads, the %xtra it gives."""

from __future__ import annotations

import pytest

from hotfolder.chat import Utterance, loads
from hotfolder.commands.translate.lines import clean, source_line, xtra
from hotfolder.commands.translate.modes import NoMode, install_hint, mode_languages, names, resolve

INSTALLED = ["eng-spa", "spa-eng", "spa-eng_US", "en-gl", "fr-es"]


@pytest.mark.parametrize(
    ("source", "target", "pair", "mode"),
    [
        ("eng", "spa", None, "eng-spa"),
        ("spa", "eng", None, "spa-eng"),
        ("eng", "glg", None, "en-gl"),  # an older package with two-letter codes
        ("fra", "spa", None, "fr-es"),
        ("spa", None, "spa-eng_US", "spa-eng_US"),
        ("spa", None, None, "spa-eng"),  # default: into English
        ("eng", None, None, "eng-spa"),  # from English: the first mode from it
    ],
)
def test_resolve(source: str, target: str | None, pair: str | None, mode: str) -> None:
    assert resolve(source, target, pair, INSTALLED) == mode


@pytest.mark.parametrize(
    ("source", "target", "pair", "message"),
    [
        (
            "eng",
            "cat",
            None,
            "no mode from 'eng' into 'cat' here (installed: eng-spa, spa-eng, spa-eng_US, en-gl, fr-es): "
            "install the Debian package apertium-eng-cat (apt-get install apertium-eng-cat)",
        ),
        ("eng", "deu", None, "no Debian apertium package translates between them"),
        ("eng", "eng", None, "the target language 'eng' is the folder's own language"),
        ("eng", None, "spa-eng", "pair 'spa-eng' translates from 'spa', but the folder's language is 'eng'"),
        ("spa", None, "spa-cat", "apertium has no mode 'spa-cat' here"),
        ("spa", None, "spa-cat", "apertium-spa-cat"),
        ("fra", None, None, "from 'fra' into 'eng'"),
    ],
)
def test_resolve_refuses_naming_what_to_install(
    source: str, target: str | None, pair: str | None, message: str
) -> None:
    with pytest.raises(NoMode, match=message.replace("(", r"\(").replace(")", r"\)")):
        resolve(source, target, pair, INSTALLED)


def test_from_english_with_no_mode_from_it() -> None:
    with pytest.raises(NoMode, match="apertium-eng-spa"):
        resolve("eng", None, None, ["spa-eng"])


def test_language_codes() -> None:
    assert names("eng") == ["eng", "en"]
    assert names("yue") == ["yue"]
    assert names("ast") == ["ast"]
    assert mode_languages("en-gl") == ("eng", "glg")
    assert mode_languages("spa-eng_US") == ("spa", "eng")
    assert mode_languages("odd") is None
    assert install_hint("glg", "eng") == "install the Debian package apertium-en-gl (apt-get install apertium-en-gl)"


def _utterance(main: str, languages: str = "eng") -> Utterance:
    chat = loads(f"@UTF8\n@Begin\n@Languages:\t{languages}\n*CHI:\t{main}\n@End\n")
    return chat.utterances[0]


@pytest.mark.parametrize(
    ("main", "line"),
    [
        ("I want ice+cream .", "I want ice cream"),
        ("where is Mickey_Mouse ?", "where is Mickey Mouse?"),
        ("<I want> [/] I want &-um that , please !", "I want that, please!"),
        ("the dog [: cat] went +/?", "the cat went?"),
        ("&=laughs xxx .", None),
    ],
)
def test_source_line(main: str, line: str | None) -> None:
    assert source_line(_utterance(main)) == line


@pytest.mark.parametrize(
    ("translated", "cleaned", "unknown"),
    [
        (" Vi Señor *Blorf allí", "Vi Señor Blorf allí", 1),
        ("era #ser *x", "era ser x", 1),
        ("@tener * que", "tener * que", 0),
    ],
)
def test_clean(translated: str, cleaned: str, unknown: int) -> None:
    assert clean(translated) == (cleaned, unknown)


@pytest.mark.parametrize(
    ("text", "terminator", "tier"),
    [
        ("Dónde vas?", "?", "Dónde vas ?"),
        ("veo el perro.", ".", "veo el perro ."),
        ("un momento", "+...", "un momento +..."),
        ("hola", None, "hola"),
        (" ?", ".", None),
    ],
)
def test_xtra(text: str, terminator: str | None, tier: str | None) -> None:
    assert xtra(text, terminator) == tier
