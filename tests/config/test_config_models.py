"""Validation of settings given as a dict: each rule, its key and its words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hotfolder.config import COMMANDS, HotFolder, Settings, settings_from_dict
from hotfolder.errors import ConfigError

BASE = Path("/etc/hf")


def folder(name: str = "eng", **keys: Any) -> dict[str, Any]:
    return {"name": name, "command": "morphotag", "inbox": f"{name}/in", "outbox": f"{name}/out", **keys}


def settings(*folders: dict[str, Any], **top: Any) -> dict[str, Any]:
    return {"hotfolders": list(folders or [folder()]), **top}


def fails(data: dict[str, Any]) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict(data, BASE)
    return caught.value


def test_defaults_are_filled_in() -> None:
    loaded = settings_from_dict(settings(), BASE)
    only = loaded.hotfolders[0]
    assert (loaded.host, loaded.port, loaded.default_lang) == ("127.0.0.1", 8765, "eng")
    assert loaded.state_dir == Path("/etc/hf/state")
    assert loaded.node_id
    assert (only.settle_s, only.watch, only.poll_interval_s, only.rescan_s) == (5.0, "auto", 2.0, 300.0)
    assert (only.require_ready_marker, only.ignore, only.options, only.archive) == (False, [], {}, None)
    assert (loaded.pool.max_workers, loaded.pool.memory_reserve_mb, loaded.pool.max_attempts) == (None, None, 3)
    assert (loaded.pool.file_timeout_s, loaded.pool.worker_idle_s, loaded.api.token) == (1800.0, 300.0, None)


def test_settings_are_frozen() -> None:
    loaded = settings_from_dict(settings(), BASE)
    with pytest.raises(ValueError, match="frozen"):
        loaded.port = 1  # type: ignore[misc]
    with pytest.raises(ValueError, match="frozen"):
        loaded.hotfolders[0].settle_s = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("given", "default_lang", "expected"),
    [
        ({}, None, "eng"),  # neither given: the built-in default
        ({}, "fra", "fra"),  # the folder takes default_lang
        ({"lang": "spa"}, "fra", "spa"),  # the folder's own wins
        ({"lang": None}, "fra", "fra"),  # explicit null means "default"
    ],
)
def test_lang_defaults_to_default_lang(given: dict[str, Any], default_lang: str | None, expected: str) -> None:
    top = {"default_lang": default_lang} if default_lang else {}
    assert settings_from_dict(settings(folder(**given), **top), BASE).hotfolders[0].lang == expected


@pytest.mark.parametrize(
    ("keys", "inbox", "outbox", "failed", "archive"),
    [
        # relative, no mapping: against the config file's folder
        ({}, "/etc/hf/eng/in", "/etc/hf/eng/out", "/etc/hf/eng/failed", None),
        # relative with a mapping: against the mapping's root (itself relative to the config folder)
        ({"media_mapping": "aph"}, "/etc/hf/media/aph/eng/in", "/etc/hf/media/aph/eng/out",
         "/etc/hf/media/aph/eng/failed", None),
        # absolute paths stay; `..` is folded
        ({"inbox": "/data/in", "outbox": "/data/x/../out", "archive": "keep"},
         "/data/in", "/data/out", "/data/failed", "/etc/hf/keep"),
        # failed given: resolved like the others, not defaulted
        ({"failed": "broken", "media_mapping": "aph"}, "/etc/hf/media/aph/eng/in", "/etc/hf/media/aph/eng/out",
         "/etc/hf/media/aph/broken", None),
    ],
)
def test_folder_paths_resolve(
    keys: dict[str, Any], inbox: str, outbox: str, failed: str, archive: str | None
) -> None:
    data = settings(folder(**keys), media_mappings={"aph": "media/aph"})
    loaded = settings_from_dict(data, BASE).hotfolders[0]
    assert (loaded.inbox, loaded.outbox, loaded.failed) == (Path(inbox), Path(outbox), Path(failed))
    assert loaded.archive == (Path(archive) if archive else None)


def test_top_level_paths_resolve_against_the_config_folder() -> None:
    data = settings(state_dir="../var/state", media_roots=["media", "/abs"], media_mappings={"a": "~/m"})
    loaded = settings_from_dict(data, BASE)
    assert loaded.state_dir == Path("/etc/var/state")
    assert loaded.media_roots == [Path("/etc/hf/media"), Path("/abs")]
    assert loaded.media_mappings["a"] == Path.home() / "m"


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        (settings(folder(setle_s=3)), "hotfolders[0].setle_s", "unknown key 'setle_s'; did you mean 'settle_s'?"),
        (settings(prot=1), "prot", "unknown key 'prot'; did you mean 'port'?"),
        (settings(pool={"max_worker": 2}), "pool.max_worker", "did you mean 'max_workers'?"),
        (settings(api={"zzz": 1}), "api.zzz", "unknown key 'zzz' (valid keys: token, max_connections, max_streams"),
        (settings(host="0.0.0.0"), "host", "set api.token, bind 127.0.0.1, or set api.allow_public_without_token: true"),
        (settings(host="192.168.1.5", api={"allow_public_without_token": False}), "host", "api.allow_public_without_token"),
        (settings(folder("Eng")), "hotfolders[0].name", "lowercase letters, digits, '_' and '-' (got 'Eng')"),
        (settings(folder("a b")), "hotfolders[0].name", "(got 'a b')"),
        (settings(folder("x", inbox="a"), folder("x", inbox="b")), "hotfolders[1].name",
         "name 'x' is already used by hotfolders[0]; names must be unique"),
        (settings(folder(command="morhotag")), "hotfolders[0].command",
         "unknown command 'morhotag'; did you mean 'morphotag'? (valid commands: " + ", ".join(COMMANDS) + ")"),
        (settings(folder(command="dance")), "hotfolders[0].command", "valid commands: align, transcribe, transcribe_s"),
        (settings(folder(media_mapping="nope")), "hotfolders[0].media_mapping",
         "unknown media mapping 'nope'; defined in media_mappings: none"),
        (settings(folder(settle_s=-1)), "hotfolders[0].settle_s", "must be greater than or equal to 0 (got -1)"),
        (settings(folder(poll_interval_s=0)), "hotfolders[0].poll_interval_s", "must be greater than 0 (got 0)"),
        (settings(folder(rescan_s="often")), "hotfolders[0].rescan_s", "must be a valid number"),
        (settings(folder(watch="inotify")), "hotfolders[0].watch",
         "must be one of 'auto', 'native' or 'polling' (got 'inotify')"),
        (settings(folder(lang="english")), "hotfolders[0].lang", "three-letter ISO 639-3 code"),
        (settings(folder(inbox="")), "hotfolders[0].inbox", "must not be empty"),
        (settings(folder(outbox=None)), "hotfolders[0].outbox", "must be a path (got an empty value)"),
        (settings(pool={"max_attempts": 0}), "pool.max_attempts", "must be greater than or equal to 1"),
        (settings(pool={"max_workers": 0}), "pool.max_workers", "must be greater than or equal to 1"),
        (settings(port=70000), "port", "must be less than or equal to 65535"),
        (settings(api={"token": " "}), "api.token", "leave the key out"),
        ({"hotfolders": [{"name": "x", "command": "align", "outbox": "o"}]}, "hotfolders[0].inbox",
         "missing required key 'inbox'"),
        ({}, "hotfolders", "missing required key 'hotfolders'"),
        (settings(folder(settle_s=float("nan"))), "hotfolders[0].settle_s", "must be a finite number"),
    ],
)
def test_invalid_settings_name_the_key(data: dict[str, Any], key: str, reason: str) -> None:
    error = fails(data)
    assert error.key == key
    assert reason in error.reason
    assert error.path == "<settings>"
    assert str(error).startswith(f"<settings>: {key}: ")


@pytest.mark.parametrize(
    ("folders", "key", "words"),
    [
        # an outbox inside its own inbox
        ([folder(inbox="d/in", outbox="d/in/out")], "hotfolders[0].outbox",
         ["outbox /etc/hf/d/in/out is inside this hot folder's inbox /etc/hf/d/in"]),
        # inbox == outbox
        ([folder(inbox="d", outbox="d")], "hotfolders[0].outbox",
         ["outbox /etc/hf/d is the same folder as this hot folder's inbox"]),
        # two folders sharing an inbox: both named
        ([folder("a", inbox="in"), folder("b", inbox="in")], "hotfolders[1].inbox",
         ["inbox /etc/hf/in is also the inbox of hot folder 'a' (hotfolders[0].inbox)", "cannot share an inbox"]),
        # an inbox inside another folder's inbox
        ([folder("a", inbox="in"), folder("b", inbox="in/b")], "hotfolders[1].inbox",
         ["is inside hot folder 'a' (hotfolders[0].inbox) /etc/hf/in"]),
        # an inbox containing another folder's outbox
        ([folder("a", outbox="drop/out"), folder("b", inbox="drop")], "hotfolders[1].inbox",
         ["inbox /etc/hf/drop contains hot folder 'a' (hotfolders[0].outbox) /etc/hf/drop/out"]),
        # failed defaulted into the inbox: outbox `x/out` puts failed at `x/failed`
        ([folder(inbox="x/failed", outbox="x/out")], "hotfolders[0].failed",
         ["failed /etc/hf/x/failed is the same folder as this hot folder's inbox"]),
        # archive == outbox
        ([folder(archive="eng/out")], "hotfolders[0].archive",
         ["archive /etc/hf/eng/out is the same folder as this hot folder's outbox", "a folder of its own"]),
    ],
)
def test_dangerous_overlaps_name_both_folders(folders: list[dict[str, Any]], key: str, words: list[str]) -> None:
    error = fails(settings(*folders))
    assert error.key == key
    for word in words:
        assert word in error.reason


def test_folders_may_share_outbox_parent_and_failed() -> None:
    # Default failed/ beside two outboxes in one parent is the same folder for both: allowed.
    data = settings(folder("a", outbox="out/a"), folder("b", outbox="out/b"))
    first, second = settings_from_dict(data, BASE).hotfolders
    assert first.failed == second.failed == Path("/etc/hf/out/failed")


def test_several_problems_report_the_first_and_count_the_rest() -> None:
    error = fails(settings(folder(settle_s=-1, watch="x"), port="p"))
    assert error.reason.endswith("(and 2 more problems)")


def test_hotfolder_lookup_by_name() -> None:
    loaded = settings_from_dict(settings(folder("a"), folder("b")), BASE)
    assert loaded.hotfolder("b").inbox == Path("/etc/hf/b/in")
    with pytest.raises(KeyError):
        loaded.hotfolder("c")


def test_settings_built_directly_resolve_against_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    built = Settings(hotfolders=[HotFolder.model_validate(folder())])
    assert built.hotfolders[0].inbox == tmp_path / "eng" / "in"
    assert built.state_dir == tmp_path / "state"


def test_a_public_bind_is_served_with_a_token_or_when_allowed() -> None:
    assert settings_from_dict(settings(host="0.0.0.0", api={"token": "t0ken"}), BASE).host == "0.0.0.0"
    allowed = settings_from_dict(settings(host="::", api={"allow_public_without_token": True}), BASE)
    assert allowed.api.allow_public_without_token and allowed.api.token is None
