"""Job tickets: valid overrides load; every mistake names the file, the line and the key."""

from __future__ import annotations

from pathlib import Path

import pydantic
import pytest

from hotfolder.errors import ConfigError
from hotfolder.watch.ticket import Ticket, load_ticket


def ticket_file(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "PWA" / "hotfolder.yaml"
    path.parent.mkdir(exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lang: fra\n", Ticket(lang="fra")),
        ("lang: auto\n", Ticket(lang="auto")),
        ("num_speakers: 2\n", Ticket(num_speakers=2)),
        ("options:\n  wor: true\n  retokenize: false\n", Ticket(options={"wor": True, "retokenize": False})),
        ("# only a comment\n", Ticket()),
        ("", Ticket()),
        (
            "lang: eng\noptions: {engine: whisper}\nnum_speakers: 3\n",
            Ticket(lang="eng", options={"engine": "whisper"}, num_speakers=3),
        ),
    ],
)
def test_valid_tickets(tmp_path: Path, text: str, expected: Ticket) -> None:
    assert load_ticket(ticket_file(tmp_path, text)) == expected


@pytest.mark.parametrize(
    ("text", "line", "key", "reason"),
    [
        ("lang: eng\nspeakers: 2\n", 2, "speakers", "unknown key (allowed: lang, options, num_speakers)"),
        ("lang: English\n", 1, "lang", "'English' is not a 3-letter ISO 639-3 code such as 'eng' (or 'auto')"),
        ("lang: 12\n", 1, "lang", "Input should be a valid string"),
        ("\n\nnum_speakers: two\n", 3, "num_speakers", "Input should be a valid integer"),
        ("num_speakers: true\n", 1, "num_speakers", "Input should be a valid integer"),
        ("num_speakers: 0\n", 1, "num_speakers", "Input should be greater than or equal to 1"),
        ("options: [wor]\n", 1, "options", "Input should be a valid dictionary"),
        ("lang: eng\nlang: fra\n", 2, "lang", "duplicate key"),
        ("options:\n  wor: true\n  wor: false\n", 3, "options.wor", "duplicate key"),
        # JSON cannot store these: storing the options raised inside the daemon's claim.
        ("options: {when: 2026-01-01}\n", 1, "options", "options.when is read as a date, not a plain value; quote it if it is text"),
        ("options:\n  x: [1, !!binary aGk=]\n", 1, "options", "options.x[1] is read as binary data, not a plain value; quote it if it is text"),
    ],
)
def test_bad_values_name_line_and_key(tmp_path: Path, text: str, line: int, key: str, reason: str) -> None:
    path = ticket_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_ticket(path)
    error = caught.value
    assert (error.path, error.line, error.key, error.reason) == (str(path), line, key, reason)
    assert str(error) == f"{path}:{line}: {key}: {reason}"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (
            "lang: [eng\n",
            2,
            "not valid YAML: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence)",
        ),
        ("lang: eng\n  bad: indent\n", 2, "not valid YAML: mapping values are not allowed here"),
        (
            "lang: eng\n---\nlang: fra\n",
            2,
            "not valid YAML: but found another document (expected a single document in the stream)",
        ),
        ("- lang: eng\n", 1, "a job ticket must be a mapping of keys to values"),
        ("just text\n", 1, "a job ticket must be a mapping of keys to values"),
    ],
)
def test_bad_yaml_names_the_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = ticket_file(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_ticket(path)
    assert (caught.value.line, caught.value.key, caught.value.reason) == (line, None, reason)


def test_unreadable_ticket(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"hotfolder.yaml: cannot read job ticket: .*No such file"):
        load_ticket(tmp_path / "PWA" / "hotfolder.yaml")
    with pytest.raises(ConfigError, match="cannot read job ticket: 'utf-8' codec can't decode"):
        load_ticket(ticket_file(tmp_path, b"lang: \xe9ng\n"))


def test_ticket_is_frozen() -> None:
    ticket = Ticket(lang="eng")
    with pytest.raises(pydantic.ValidationError):
        setattr(ticket, "lang", "fra")  # noqa: B010 (a plain assignment is a type error, rightly)


@pytest.mark.parametrize(
    ("text", "line", "key", "reason"),
    [
        # Each of these crashed the daemon's claim (and every restart) before tickets used the config's reader.
        ("options: &a [*a]\n", 1, "options[0]", "an alias refers to the node that contains it (an endless loop)"),
        ("options: &a {x: *a}\n", 1, "options.x", "an alias refers to the node that contains it (an endless loop)"),
        ("lang: eng\noptions:\n  x: &b\n    - y: *b\n", 4, "options.x[0].y", "an alias refers to the node that contains it (an endless loop)"),
    ],
)
def test_alias_loops_are_errors_not_crashes(tmp_path: Path, text: str, line: int, key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_ticket(ticket_file(tmp_path, text))
    assert (caught.value.line, caught.value.key, caught.value.reason) == (line, key, reason)


def test_alias_bomb_and_deep_nesting_are_refused(tmp_path: Path) -> None:
    # "Billion laughs": nine levels of nine aliases each would expand to 387 million values.
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    with pytest.raises(ConfigError, match="more than 100000 values once aliases are expanded"):
        load_ticket(ticket_file(tmp_path, "\n".join(lines) + "\n"))
    with pytest.raises(ConfigError, match="nested too deeply"):
        load_ticket(ticket_file(tmp_path, "options: " + "[" * 50_000 + "]" * 50_000 + "\n"))
