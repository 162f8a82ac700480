"""Reading a worker machine's YAML file into `WorkerSettings`; a problem names the file, line and key."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from hotfolder.config.messages import dotted, reason_for
from hotfolder.config.temporal import WorkerSettings
from hotfolder.config.yaml_doc import parse_yaml
from hotfolder.errors import ConfigError


def load_worker_settings(path: Path) -> WorkerSettings:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise ConfigError(source, f"cannot read the worker configuration: {error.strerror or error}") from None
    try:
        document = parse_yaml(source, text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigError(source, f"invalid YAML: {getattr(error, 'problem', None) or error}", line=mark.line + 1 if mark else None) from None
    if not isinstance(document.data, dict):
        raise ConfigError(source, "expected a mapping with 'temporal' and 'serve'", line=1)
    try:
        return WorkerSettings.model_validate(document.data, context={"base_dir": Path(os.path.abspath(path)).parent})
    except ValidationError as error:
        first = error.errors(include_url=False)[0]
        raise ConfigError(source, reason_for(first), key=dotted(first["loc"]) or None, line=document.keys.line_for(first["loc"])) from None
