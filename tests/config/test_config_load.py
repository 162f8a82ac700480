"""Loading YAML files: every problem is a ConfigError naming the file, key and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.config import load_settings
from hotfolder.errors import ConfigError

GOOD = """\
state_dir: var
hotfolders:
  - name: eng
    command: morphotag
    inbox: eng/in
    outbox: eng/out
  - name: fra
    command: morphotag
    lang: fra
    inbox: fra/in
    outbox: fra/out
"""


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "server.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def fails(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    return caught.value


def test_relative_paths_resolve_against_the_file_folder(tmp_path: Path) -> None:
    loaded = load_settings(write(tmp_path, GOOD))
    assert loaded.state_dir == tmp_path / "var"
    assert loaded.hotfolders[1].inbox == tmp_path / "fra" / "in"
    assert loaded.hotfolders[1].failed == tmp_path / "fra" / "failed"
    assert [folder.lang for folder in loaded.hotfolders] == ["eng", "fra"]


def test_a_relative_config_path_still_gives_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, GOOD)
    monkeypatch.chdir(tmp_path)
    loaded = load_settings(Path("server.yaml"))
    assert loaded.hotfolders[0].outbox == tmp_path / "eng" / "out"


@pytest.mark.parametrize(
    ("old", "new", "key", "line", "reason"),
    [
        # unknown key: its own line, and the closest valid key
        ("    outbox: fra/out\n", "    outbox: fra/out\n    setle_s: 3\n", "hotfolders[1].setle_s", 12,
         "unknown key 'setle_s'; did you mean 'settle_s'?"),
        ("state_dir: var\n", "state_dir: var\nmedia_root: []\n", "media_root", 2,
         "unknown key 'media_root'; did you mean 'media_roots'?"),
        # bad value: the line of its key
        ("    lang: fra\n", "    lang: fra\n    settle_s: soon\n", "hotfolders[1].settle_s", 10,
         "must be a valid number"),
        ("  - name: eng\n", "  - name: Eng\n", "hotfolders[0].name", 3, "lowercase letters"),
        ("    command: morphotag\n    lang", "    command: morfotag\n    lang", "hotfolders[1].command", 8,
         "unknown command 'morfotag'; did you mean 'morphotag'?"),
        # a missing key: the line where its folder starts
        ("    inbox: fra/in\n", "", "hotfolders[1].inbox", 7, "missing required key 'inbox'"),
        # cross-folder rules: the line of the later key
        ("    inbox: fra/in\n", "    inbox: eng/in\n", "hotfolders[1].inbox", 10,
         "is also the inbox of hot folder 'eng' (hotfolders[0].inbox)"),
        ("  - name: fra\n", "  - name: eng\n", "hotfolders[1].name", 7, "already used by hotfolders[0]"),
        # a defaulted key (failed) is not in the file: its folder's line
        ("    inbox: fra/in\n", "    inbox: fra/failed\n", "hotfolders[1].failed", 7,
         "is the same folder as this hot folder's inbox"),
        # a key given twice in one mapping
        ("    lang: fra\n", "    lang: fra\n    lang: spa\n", "hotfolders[1].lang", 10,
         "duplicate key 'lang' (first given on line 9)"),
    ],
)
def test_errors_name_key_and_line(tmp_path: Path, old: str, new: str, key: str, line: int, reason: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    error = fails(path)
    assert (error.key, error.line) == (key, line)
    assert reason in error.reason
    assert str(error).startswith(f"{path}:{line}: {key}: ")


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("hotfolders:\n  - name: eng\n    command: [morphotag\n", 4, "invalid YAML"),
        ("port: 1\n  host: x\n", 2, "invalid YAML: mapping values are not allowed here"),
        ("port: 1\nhost: 'x\n", 3, "invalid YAML"),
        ("hotfolders:\n\t- name: eng\n", 2, "invalid YAML"),
        ("a: 1\n---\nb: 2\n", 2, "invalid YAML"),
        ("!!python/object:os.system x\n", 1, "invalid YAML"),
        ("- 1\n- 2\n", 1, "expected a mapping of settings at the top level, found a list"),
        ("just words\n", 1, "expected a mapping of settings at the top level, found 'just words'"),
    ],
)
def test_bad_yaml_gives_its_line(tmp_path: Path, text: str, line: int, reason: str) -> None:
    error = fails(write(tmp_path, text))
    assert error.line == line
    assert error.reason.startswith(reason)


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    error = fails(write(tmp_path, text))
    assert error.reason == "the file is empty; it needs at least a 'hotfolders' list"


def test_missing_file(tmp_path: Path) -> None:
    error = fails(tmp_path / "nope.yaml")
    assert str(error) == f"{tmp_path / 'nope.yaml'}: configuration file not found"


def test_folder_instead_of_file(tmp_path: Path) -> None:
    assert fails(tmp_path).reason == "is a folder, not a configuration file"


def test_not_utf8(tmp_path: Path) -> None:
    assert fails(write(tmp_path, b"host: caf\xe9\n")).reason.startswith("not UTF-8 text")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, "\ufeff" + GOOD)).hotfolders[0].name == "eng"


def test_merge_keys_are_not_duplicates(tmp_path: Path) -> None:
    text = GOOD + "pool: &p {max_attempts: 2}\napi: {token: abc}\n"
    text = text.replace("    lang: fra\n", "    lang: fra\n    <<: {settle_s: 9}\n")
    loaded = load_settings(write(tmp_path, text))
    assert loaded.hotfolders[1].settle_s == 9.0
    assert loaded.pool.max_attempts == 2
    assert loaded.api.token == "abc"


def test_recursive_alias_is_an_error_not_a_hang(tmp_path: Path) -> None:
    error = fails(write(tmp_path, GOOD + "media_roots: &r [*r]\n"))
    assert error.key is not None and error.key.startswith("media_roots")
    assert error.line == 12


def test_alias_bomb_is_refused_by_the_shared_reader(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    error = fails(write(tmp_path, GOOD + "\n".join(lines) + "\n"))
    assert error.reason == "more than 100000 values once aliases are expanded"
