"""Corpus access for the CHAT tests: real files from ../shared/corpus, read at test time."""

from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
ALL_CHA = sorted(CORPUS.rglob("*.cha"))
GOOD = sorted((CORPUS / "testchat" / "good").glob("*.cha"))
BAD = sorted((CORPUS / "testchat" / "bad").glob("*.cha"))


def corpus_id(path: Path) -> str:
    return str(path.relative_to(CORPUS))


def corpus_file(relative: str) -> Path:
    return CORPUS / relative


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    return {corpus_id(path): path.read_text(encoding="utf-8") for path in ALL_CHA}
