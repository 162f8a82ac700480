"""After a kill -9: the interrupted attempt is not timed to the restart, and a job waiting for memory is queued.

`interrupted` is terminal in the spec's client view, so a resumed job must not sit in
it while it waits for memory; and the attempt that a crash cut short has no known end,
so it must not add the downtime to `hotfolder_processing_seconds`.
"""

from __future__ import annotations

import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families

from tests.support.daemon import DaemonProcess, make_daemon, wait_for
from tests.support.launch import TEST_COMMAND

pytestmark = pytest.mark.e2e

DOWNTIME_S = 4.0


def samples(d: DaemonProcess) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{d.port}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_crash_then_restart_short_of_memory(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "t", "command": TEST_COMMAND}], extra={"pool": {"warmup": False}})
    d.start()
    (d.folders["t"].inbox / "long.txt").write_text("sleep 60\n")
    job = wait_for(lambda: next((j for j in d.jobs() if j["status"] == "running"), None), what="a running job")
    time.sleep(0.5)
    d.kill_group()  # the daemon and its worker, as a power cut would
    time.sleep(DOWNTIME_S)

    # Back with no memory to spare: no worker may start, the job waits for memory.
    config = yaml.safe_load(d.config_path.read_text())
    config["pool"]["memory_reserve_mb"] = 10_000_000
    d.config_path.write_text(yaml.safe_dump(config))
    d.start()
    try:
        waiting = wait_for(
            lambda: (info := d.get(f"/jobs/{job['job_id']}"))["status"] != "interrupted" and info,
            timeout=20,
            what="the resumed job out of `interrupted`",
        )
        metrics = samples(d)
    finally:
        assert d.stop() == 0, d.log()

    assert waiting["status"] == "queued", waiting
    assert waiting["file_statuses"][0]["status"] == "queued"
    assert metrics[("hotfolder_attempts_total", (("outcome", "interrupted"),))] == 1
    command = (("command", TEST_COMMAND),)
    # The cut-short attempt has no known end: it is not timed (the downtime is not processing).
    assert metrics.get(("hotfolder_processing_seconds_count", command), 0) == 0
    assert metrics.get(("hotfolder_processing_seconds_sum", command), 0) < 1.0
