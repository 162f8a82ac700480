"""The daemon's live facts (what /health and /metrics show beyond the ledger), typed and current."""

from __future__ import annotations

from pathlib import Path

from hotfolder.api.live import LiveFacts
from hotfolder.api.schemas import ReleasedCommand, ScaleOutStatus, WarmupStatus
from tests.daemon.harness import Harness


def test_live_facts_follow_the_steps(tmp_path: Path) -> None:
    h = Harness(tmp_path)
    before = h.daemon.live()
    assert isinstance(before, LiveFacts)
    assert before.attempts_started == 0 and before.warmup_status is WarmupStatus.NOT_STARTED
    (lab,) = before.hotfolders or ()
    assert (lab.name, lab.command, lab.lang, lab.inbox, lab.watch_mode) == ("lab", ReleasedCommand.COREF, "eng", str(h.inbox), "polling")
    assert before.host_memory_pressure is None  # no memory gate here: no memory facts
    assert before.scale_out == ScaleOutStatus(executor="local") and before.job_control_planes is None  # the local pool

    h.drop("a.txt", "crash\nok")
    h.until(h.ended)
    h.step(2)  # the snapshot is refreshed at most twice a second

    after = h.daemon.live()
    assert (after.attempts_started, after.attempts_retried, after.worker_crashes) == (2, 1, 1)
    assert after.hotfolders is not None and after.hotfolders[0].last_scan_at is not None
