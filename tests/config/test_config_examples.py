"""The shipped configurations load, and server.yaml documents every key the models accept."""

from __future__ import annotations

from pathlib import Path

import yaml

from hotfolder.config import ApiConfig, HotFolder, PoolSettings, Settings, load_settings

CONFIG = Path(__file__).resolve().parents[2] / "config"


def test_server_example_loads() -> None:
    loaded = load_settings(CONFIG / "server.yaml")
    assert [(f.name, f.command, f.lang) for f in loaded.hotfolders] == [
        ("morphotag-eng", "morphotag", "eng"),
        ("morphotag-fra", "morphotag", "fra"),
        ("align-aphasia", "align", "eng"),
    ]
    align = loaded.hotfolder("align-aphasia")
    # Relative folders of a mapped hot folder resolve against the mapping's root.
    assert align.inbox == Path("/srv/media/aphasia/hotfolder/align/inbox")
    assert align.failed == Path("/srv/media/aphasia/hotfolder/align/failed")
    assert loaded.hotfolder("morphotag-fra").failed == Path("/srv/hotfolder/morphotag-fra/failed")
    assert loaded.state_dir == CONFIG / "state"


def test_server_example_shows_every_key() -> None:
    data = yaml.safe_load((CONFIG / "server.yaml").read_text(encoding="utf-8"))
    shown_folder_keys = set().union(*(folder.keys() for folder in data["hotfolders"]))
    assert shown_folder_keys == set(HotFolder.model_fields)
    assert set(data["pool"]) == set(PoolSettings.model_fields)
    assert set(data["api"]) == set(ApiConfig.model_fields)
    text = (CONFIG / "server.yaml").read_text(encoding="utf-8")
    # node_id is shown commented out: its default is this host's name.
    assert set(data) | {"node_id"} == set(Settings.model_fields)
    assert "# node_id:" in text


def test_demo_config_loads_under_demo() -> None:
    loaded = load_settings(CONFIG / "demo.yaml")
    demo = CONFIG.parent / "demo"
    assert (loaded.host, loaded.port) == ("127.0.0.1", 8765)
    assert loaded.state_dir == demo / "state"
    assert [(f.name, f.command, f.lang, f.settle_s) for f in loaded.hotfolders] == [
        ("morphotag-eng", "morphotag", "eng", 2.0),
        ("morphotag-fra", "morphotag", "fra", 2.0),
    ]
    eng = loaded.hotfolder("morphotag-eng")
    assert (eng.inbox, eng.outbox, eng.failed) == (
        demo / "morphotag-eng" / "inbox",
        demo / "morphotag-eng" / "outbox",
        demo / "morphotag-eng" / "failed",
    )
