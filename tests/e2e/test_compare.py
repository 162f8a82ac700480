"""compare through the real daemon: gold companions, a missing gold, a gold dropped alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.commands.test_compare_engine import GOLD, HYPOTHESIS
from tests.support.daemon import make_daemon

pytestmark = pytest.mark.e2e


def test_compare_end_to_end(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "c", "command": "compare", "lang": "eng"}])
    folder = d.folders["c"]
    (folder.inbox / "x.cha").write_text(HYPOTHESIS, encoding="utf-8")
    (folder.inbox / "x.gold.cha").write_text(GOLD, encoding="utf-8")
    session = tmp_path / "incoming" / "PWA"
    session.mkdir(parents=True)
    (session / "a.cha").write_text(HYPOTHESIS, encoding="utf-8")
    (session / "a.gold.cha").write_text(GOLD, encoding="utf-8")
    (session / "b.cha").write_text(GOLD, encoding="utf-8")  # no b.gold.cha
    (folder.inbox / "lonely.gold.cha").write_text(GOLD, encoding="utf-8")
    d.start()
    shutil.move(str(session), folder.inbox / "PWA")
    jobs = {job["job_id"]: job for job in d.wait_jobs_ended(3, timeout=120)}
    files = {job_id: [f["filename"] for f in d.get(f"/jobs/{job_id}")["file_statuses"]] for job_id in jobs}
    by_files = {tuple(sorted(names)): jobs[job_id] for job_id, names in files.items()}
    # Gold files are companions: no job has one as a file of its own.
    assert set(by_files) == {("x.cha",), ("PWA/a.cha", "PWA/b.cha"), ("lonely.gold.cha",)}
    assert by_files[("x.cha",)]["status"] == "completed"

    table = (folder.outbox / "x.compare.csv").read_text(encoding="utf-8")
    assert table.endswith("total,,wer,,,,,0.3571\n")
    tiers = (folder.outbox / "x.cha").read_text(encoding="utf-8")
    assert "%xcmp:\tthe +little boy is taking a/the cookie/cookies\n" in tiers
    receipt = json.loads((folder.outbox / "x.receipt.json").read_text())
    assert receipt["files"][0]["wer"] == 0.3571 and "jiwer" in receipt["engines"]
    assert not (folder.outbox / "x.gold.cha").exists()

    assert (folder.outbox / "PWA" / "a.compare.csv").exists()
    missing = json.loads((folder.failed / "PWA" / "b.cha.error.json").read_text())
    assert missing["category"] == "input_missing"
    assert missing["message"] == "no gold transcript for PWA/b.cha: compare needs b.gold.cha beside it in the drop"

    # A gold dropped without its transcript is refused as a bundle with nothing to compare.
    lonely = by_files[("lonely.gold.cha",)]
    assert lonely["status"] == "failed"
    refused = json.loads((folder.failed / "lonely" / "lonely.gold.cha.error.json").read_text())
    assert refused["message"] == "nothing for compare in bundle 'lonely': none of lonely.gold.cha is an input it takes"
    assert not any(folder.outbox.glob("lonely*.c*"))
    assert d.stop() == 0, d.log()
