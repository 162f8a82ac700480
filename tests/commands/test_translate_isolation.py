"""translate never moves words between utterances: batched %xtra == the utterance translated alone.

"Alone" is apertium's own line format on that one utterance in a process of its
own, nothing before or after it, so nothing of ours (stream.py) is in the reference.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

from hotfolder.chat import Utterance, loads
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.translate.apertium import Apertium
from hotfolder.commands.translate.engine import TranslateEngine
from hotfolder.commands.translate.lines import clean, source_line, xtra

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
FILES = [  # English, real speech and CHAT features (retracing, fillers, overlaps); 89 utterances to translate
    "batchalign3/test-fixtures/utr_real_world_regression_input.cha",
    "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.cha",
    "batchalign3/batchalign/tests/golden/ba2_reference/morphotag/eng_disfluency.jan9.cha",
    "chatter/corpus/reference/annotation/retrace.cha",
]


def alone(line: str) -> str:
    done = subprocess.run(["apertium", "-f", "line", "eng-spa"], input=line + "\n", capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def alone_tier(utterance: Utterance) -> str | None:
    line = source_line(utterance)
    return None if line is None else xtra(clean(alone(line))[0], utterance.terminator)


def test_big_bird_hat_stays_apart() -> None:
    # apertium's line format lets transfer reorder across the line break: the case of issue 9.
    assert alone("big bird\nhat").split("\n")[:2] == ["Sombrero de", "pájaro grande"]
    assert Apertium("eng-spa").translate(["big bird", "hat"]) == ["Pájaro grande", "Sombrero"]
    assert [alone("big bird").strip(), alone("hat").strip()] == ["Pájaro grande", "Sombrero"]


def test_every_corpus_utterance_is_translated_as_if_alone() -> None:
    translator = Apertium("eng-spa")
    engine = TranslateEngine("eng", translator, {}, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    tasks = [FileTask(Path(name).name, CORPUS / name, "eng") for name in FILES]
    outcomes = engine.process(tasks)  # all four files in one apertium call
    compared = 0
    for name, outcome in zip(FILES, outcomes, strict=True):
        assert isinstance(outcome, FileResult), (name, outcome)
        for utterance in loads(outcome.outputs[0].data.decode("utf-8")).utterances:
            tier = utterance.tier("xtra")
            batched = None if tier is None else " ".join(tier.split())  # long tiers are wrapped
            assert batched == alone_tier(utterance), (name, utterance.line)
            compared += batched is not None
    assert compared == 89
