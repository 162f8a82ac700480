"""What crosses Temporal stays small; files travel through shared staging and come back as bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hotfolder.commands.base import FileOutput, FileResult, FileTask
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.pool.temporal.payload import PayloadError, event_in, event_out, stage_unit, unit_from
from hotfolder.pool.units import UnitFailed, UnitFinished, WorkerKey, WorkUnit


def _unit(tmp_path: Path) -> WorkUnit:
    staged = tmp_path / "staging"
    staged.mkdir()
    (staged / "a.cha").write_bytes(b"@Begin\n" * 100_000)  # 700 kB: never inside the payload
    (staged / "a.wav").write_bytes(b"RIFF")
    task = FileTask("PWA/a.cha", staged / "a.cha", "eng", {"PWA/a.wav": staged / "a.wav"})
    return WorkUnit("u1", WorkerKey("morphotag", "eng"), (task,), (7,), 30.0)


def test_a_staged_unit_is_small_json_and_the_worker_sees_the_same_files_under_its_own_mount(tmp_path: Path) -> None:
    lab = tmp_path / "lab-mount"
    payload = stage_unit(_unit(tmp_path), lab, "tok")
    assert len(json.dumps(payload)) < 2000
    worker_mount = tmp_path / "worker-mount"
    lab.rename(worker_mount)  # the same share, mounted elsewhere on the worker machine
    unit = unit_from(payload, worker_mount)
    assert unit.tasks[0].input_path.read_bytes() == b"@Begin\n" * 100_000
    assert unit.tasks[0].companions["PWA/a.wav"].read_bytes() == b"RIFF"
    assert unit.file_ids == (7,) and unit.key == WorkerKey("morphotag", "eng")


def test_a_payload_path_outside_the_share_is_refused(tmp_path: Path) -> None:
    payload = stage_unit(_unit(tmp_path), tmp_path / "share", "tok")
    payload["tasks"][0]["input"] = "../../etc/passwd"
    with pytest.raises(PayloadError, match="leaves the shared staging folder"):
        unit_from(payload, tmp_path / "share")


def test_outcomes_round_trip_with_bytes_on_disk(tmp_path: Path) -> None:
    finished = UnitFinished("u1", [FileResult([FileOutput("a.cha", b"\x00" * 3_000_000)], {"spacy": "3.8"}, {"wer": 0.1}),
                                   FileFailure("no @End", FailureCategory.PARSE_ERROR, codes=["E101"], line=4),
                                   FileResult([FileOutput("b.cha", b"b-out"), FileOutput("b.csv", b"x,y\n")])], 120.0, {1: "trace"})
    data = event_out(finished, tmp_path, "u1", "att1")
    assert len(json.dumps(data)) < 2000
    assert (tmp_path / "u1" / "out" / "att1").stat().st_size == 3_000_000 + 5 + 4  # every output of the attempt in one file
    back = event_in(json.loads(json.dumps(data)), tmp_path, "u1")
    assert isinstance(back, UnitFinished) and back.tracebacks == {1: "trace"} and back.peak_rss_mb == 120.0
    result, failure, second = back.outcomes
    assert isinstance(result, FileResult) and result.outputs[0].data == b"\x00" * 3_000_000 and result.notes == {"wer": 0.1}
    assert isinstance(failure, FileFailure) and (failure.category, failure.codes, failure.line) == (FailureCategory.PARSE_ERROR, ["E101"], 4)
    assert isinstance(second, FileResult) and [(o.display_path, o.data) for o in second.outputs] == [("b.cha", b"b-out"), ("b.csv", b"x,y\n")]


def test_a_unit_without_output_bytes_writes_no_file(tmp_path: Path) -> None:
    data = event_out(UnitFinished("u1", [FileFailure("no @End", FailureCategory.PARSE_ERROR)], None, {}), tmp_path, "u1", "att1")
    assert "blob" not in data and not (tmp_path / "u1").exists()
    assert isinstance(event_in(data, tmp_path, "u1"), UnitFinished)


def test_a_failed_unit_keeps_done_files_and_charges(tmp_path: Path) -> None:
    failed = UnitFailed("u1", FailureCategory.WORKER_CRASH, "worker killed by SIGKILL", {"exitcode": -9},
                        {0: FileResult([FileOutput("a.cha", b"x")])}, (1,))
    back = event_in(event_out(failed, tmp_path, "u1", "att"), tmp_path, "u1")
    assert isinstance(back, UnitFailed) and back.charged == (1,) and back.charges(1) and not back.charges(0)
    assert back.detail == {"exitcode": -9}


def test_an_unreadable_result_names_the_unit(tmp_path: Path) -> None:
    result: dict[str, Any] = {"kind": "finished", "outcomes": [{"ok": True, "outputs": [{"display_path": "a.cha", "at": [0, 10]}], "engines": {}, "notes": {}}],
              "peak_rss_mb": None, "tracebacks": {}, "blob": "u9/out/x"}
    with pytest.raises(PayloadError, match=r"unit u9: unreadable result.*No such file"):
        event_in(result, tmp_path, "u9")
    (tmp_path / "u9" / "out").mkdir(parents=True)
    (tmp_path / "u9" / "out" / "x").write_bytes(b"short")
    with pytest.raises(PayloadError, match=r"output 'a\.cha' lies outside the 5-byte outputs file"):
        event_in(result, tmp_path, "u9")
