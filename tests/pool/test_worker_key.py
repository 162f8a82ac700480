"""The one WorkerKey builder: equal settings give equal keys, whatever order the options came in."""

from __future__ import annotations

from hotfolder.pool.units import WorkerKey


def test_options_in_any_order_share_a_key() -> None:
    a = WorkerKey.of("translate", "fra", {"target": "eng", "batch": 8})
    b = WorkerKey.of("translate", "fra", {"batch": 8, "target": "eng"})
    assert a == b
    assert a.options_json == '{"batch": 8, "target": "eng"}'


def test_no_options_is_the_plain_key() -> None:
    assert WorkerKey.of("morphotag", "eng", {}) == WorkerKey("morphotag", "eng")
    assert str(WorkerKey.of("morphotag", "eng", {})) == "morphotag:eng"
    assert WorkerKey.of("morphotag", "eng", {"x": 1}) != WorkerKey.of("morphotag", "fra", {"x": 1})
