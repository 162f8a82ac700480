"""morphotag through the real daemon, on real corpus transcripts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from hotfolder import chat
from tests.support.daemon import make_daemon, wait_for

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PARITY = CORPUS / "batchalign3" / "batchalign" / "tests" / "support" / "parity"
GOLDEN = CORPUS / "batchalign3" / "batchalign" / "tests" / "golden" / "ba2_reference" / "morphotag"


def test_morphotag_drops_end_to_end(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "eng", "command": "morphotag", "lang": "eng"}, {"name": "fra", "command": "morphotag", "lang": "fra"}])
    eng, fra = d.folders["eng"], d.folders["fra"]
    # A single file, a folder bundle moved in, a French file, a broken file, an unsupported language.
    shutil.copy(PARITY / "eng_multi_speaker.cha", eng.inbox / "eng_multi_speaker.cha")
    session = tmp_path / "incoming" / "session"
    session.mkdir(parents=True)
    shutil.copy(GOLDEN / "eng_disfluency.jan9.cha", session / "disfluency.cha")
    shutil.copy(PARITY / "eng_complex_tiers.cha", session / "complex.cha")
    shutil.copy(PARITY / "fra_geneva_timed.cha", fra.inbox / "geneva.cha")
    text = (PARITY / "eng_complex_tiers.cha").read_bytes()
    (eng.inbox / "broken.cha").write_bytes(text.replace(b"@Begin", b"@Begin\n*CHI:\tbad \xff\xfe bytes .", 1))
    # Hebrew: a language morphotag has no engine for here (German is served since the language table).
    (eng.inbox / "hebrew.cha").write_bytes(text.replace(b"@Languages:\teng", b"@Languages:\theb"))
    d.start()
    shutil.move(str(session), eng.inbox / "session")
    jobs = d.wait_jobs_ended(5, timeout=240)
    by_bundle = {j["job_id"]: j for j in jobs}
    assert len(by_bundle) == 5

    for out in (eng.outbox / "eng_multi_speaker.cha", eng.outbox / "session" / "disfluency.cha", eng.outbox / "session" / "complex.cha", fra.outbox / "geneva.cha"):
        tagged = chat.load(out)
        problems = [i for i in chat.validate(tagged) if "mor" in i.message.lower() or "gra" in i.message.lower()]
        assert problems == [], (out, problems)
        assert all(u.tier("mor") is not None and u.tier("gra") is not None for u in tagged.utterances if u.mor_words())
        assert [p.command for p in tagged.provenance()] == ["morphotag"]
    # The French file went through the French pipeline: UD French lemmas.
    french = chat.load(fra.outbox / "geneva.cha")
    assert any("|" in (u.tier("mor") or "") for u in french.utterances)

    broken = json.loads((eng.failed / "broken" / "broken.cha.error.json").read_text())
    assert broken["category"] == "parse_error" and broken["line"] is not None
    assert (eng.failed / "broken" / "broken.cha").read_bytes() == (text.replace(b"@Begin", b"@Begin\n*CHI:\tbad \xff\xfe bytes .", 1))
    hebrew = json.loads((eng.failed / "hebrew" / "hebrew.cha.error.json").read_text())
    assert "heb" in hebrew["message"]

    receipt = json.loads((eng.outbox / "session.receipt.json").read_text())
    assert sorted(f["filename"] for f in receipt["files"]) == ["session/complex.cha", "session/disfluency.cha"]
    assert any(name.startswith("spacy") or name == "spacy" for name in receipt["engines"])
    wait_for(lambda: not any(eng.inbox.iterdir()), what="inbox emptied")
    health = d.get("/health")
    assert "morphotag" in health["capabilities"]
    assert {f["name"]: f["watch_mode"] for f in health["hotfolders"]} == {"eng": "native", "fra": "native"}
    assert d.stop() == 0, d.log()
