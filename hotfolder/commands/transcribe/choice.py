"""Which recognizer runs for a folder, and why it cannot run here.

`auto` means whisper when faster-whisper is installed and has a model (a
configured `model_dir` or the packaged whisper-base weights), else
pocketsphinx. Damaged packaged weights are an error, not a reason to fall
back silently to the much weaker engine.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from pathlib import Path

from hotfolder.commands.transcribe.languages import AUTO, supported_by_whisper
from hotfolder.commands.transcribe.options import AsrOptions, EngineChoice, EngineName
from hotfolder.commands.transcribe.recognition import Recognizer
from hotfolder.commands.transcribe.weights import (
    FindSpec,
    WeightsError,
    model_dir_problem,
    packaged_dirs,
    packaged_problem,
    read_model_dir,
    read_packaged,
)
from hotfolder.errors import CommandUnavailable


@dataclass(frozen=True)
class Installed:
    """What this host has, probed once where the command is checked or loaded."""

    faster_whisper: bool
    pocketsphinx: bool
    weights: tuple[Path, Path] | None  # the packaged whisper-base data folders


def probe(find_spec: FindSpec = importlib.util.find_spec) -> Installed:
    return Installed(
        faster_whisper=find_spec("faster_whisper") is not None,
        pocketsphinx=find_spec("pocketsphinx") is not None,
        weights=packaged_dirs(find_spec),
    )


def choose_engine(requested: EngineChoice, model_dir: Path | None, installed: Installed) -> EngineName:
    if requested != "auto":
        return requested
    if installed.faster_whisper and (model_dir is not None or installed.weights is not None):
        return "whisper"
    return "pocketsphinx"


def unavailable_reason(lang: str, options: AsrOptions, installed: Installed, *, check_weights: bool = True) -> str | None:
    """Why the chosen recognizer cannot transcribe `lang` here, naming what to install; None when it can."""
    engine = choose_engine(options.engine, options.model_dir, installed)
    if engine == "whisper":
        if not installed.faster_whisper:
            return "faster-whisper is not installed: pip install faster-whisper==1.2.1"
        if options.model_dir is not None:
            return language_problem(engine, lang) or model_dir_problem(options.model_dir)
        return language_problem(engine, lang) or (packaged_problem(installed.weights) if check_weights else None)
    if not installed.pocketsphinx:
        return "pocketsphinx is not installed: pip install pocketsphinx==5.1.1"
    return language_problem(engine, lang)


def language_problem(engine: str, lang: str) -> str | None:
    """Why `engine` cannot transcribe `lang` (a CHAT code or "auto"); None when it can."""
    if engine == "whisper":
        return None if supported_by_whisper(lang) else f"whisper does not transcribe language {lang!r}"
    if lang not in ("eng", AUTO):
        return f"pocketsphinx has only an English model; language {lang!r} needs engine: whisper"
    return None


def check(command: str, lang: str, options: AsrOptions, installed: Installed) -> None:
    reason = unavailable_reason(lang, options, installed)
    if reason is not None:
        raise CommandUnavailable(command, reason)


def load_recognizer(command: str, lang: str, options: AsrOptions, installed: Installed) -> Recognizer:
    """The recognizer, its model loaded; the packaged weights are hashed here, in the worker."""
    reason = unavailable_reason(lang, options, installed, check_weights=False)
    if reason is not None:
        raise CommandUnavailable(command, reason)
    if choose_engine(options.engine, options.model_dir, installed) == "pocketsphinx":
        from hotfolder.commands.transcribe.sphinx import SphinxRecognizer

        return SphinxRecognizer()
    from hotfolder.commands.transcribe.whisper import WhisperRecognizer

    try:
        source = read_model_dir(options.model_dir) if options.model_dir is not None else read_packaged(installed.weights)
    except WeightsError as error:
        raise CommandUnavailable(command, str(error)) from None
    return WhisperRecognizer(source)
