"""Temporaries of writes a kill -9 cut short are removed at start; nothing else is."""

from __future__ import annotations

from pathlib import Path

from hotfolder.outbox.atomic import TEMP_PREFIX
from hotfolder.outbox.sweep import sweep_temporaries


def test_only_our_temporaries_go_and_links_are_not_followed(tmp_path: Path) -> None:
    outbox, outside = tmp_path / "outbox", tmp_path / "outside"
    (outbox / "PWA").mkdir(parents=True)
    outside.mkdir()
    (outbox / f"{TEMP_PREFIX}0123456789ab-x.cha").write_text("half")
    (outbox / "PWA" / f"{TEMP_PREFIX}0123456789ab-a.cha").write_text("half")
    (outbox / "x.cha").write_text("done")
    (outbox / ".hf-other").write_text("not a temporary")
    (outside / f"{TEMP_PREFIX}0123456789ab-keep.cha").write_text("not ours to sweep")
    (outbox / "link").symlink_to(outside)
    assert sweep_temporaries(outbox) == 2
    assert sorted(p.name for p in outbox.rglob("*") if p.is_file()) == [".hf-other", "x.cha"]
    assert (outside / f"{TEMP_PREFIX}0123456789ab-keep.cha").exists()
