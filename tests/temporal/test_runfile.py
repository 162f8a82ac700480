"""The run file a worker machine keeps for the lab server: the current attempt's, whole, never for a discarded unit."""

from __future__ import annotations

from pathlib import Path

from hotfolder.pool.temporal.runfile import RunReport, read_run, write_run


def test_the_lab_server_reads_the_current_tokens_run_and_not_a_stale_ones(tmp_path: Path) -> None:
    (tmp_path / "u1").mkdir()
    assert read_run(tmp_path, "u1", "tokA") is None
    write_run(tmp_path, "u1", "tokOLD-1-1", RunReport("m0", 11, {0: (9, 9)}))
    assert read_run(tmp_path, "u1", "tokA") is None  # an earlier attempt of the lab server's, still running somewhere
    write_run(tmp_path, "u1", "tokA-1-1", RunReport("m1", 4242, {}))
    write_run(tmp_path, "u1", "tokA-1-1", RunReport("m1", 4242, {0: (3, 10), 2: (1, 4)}))
    assert read_run(tmp_path, "u1", "tokA") == RunReport("m1", 4242, {0: (3, 10), 2: (1, 4)})
    assert sorted(p.name for p in (tmp_path / "u1" / "run").iterdir()) == ["tokA-1-1.json", "tokOLD-1-1.json"]  # no temporary left


def test_a_discarded_unit_is_not_created_again_and_a_torn_file_reads_as_none(tmp_path: Path) -> None:
    write_run(tmp_path, "gone", "tokA-1-1", RunReport("m1", 1))
    assert not (tmp_path / "gone").exists()
    (tmp_path / "u2" / "run").mkdir(parents=True)
    (tmp_path / "u2" / "run" / "tokA-1-1.json").write_text('{"host": "m1", "pid": ')
    assert read_run(tmp_path, "u2", "tokA") is None
