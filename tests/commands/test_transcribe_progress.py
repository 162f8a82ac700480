"""transcribe reports how far into the recording it is, in seconds, through the real recognizers."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile

from hotfolder.commands import progress
from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.transcribe.command import COMMAND
from hotfolder.commands.transcribe.options import AsrOptions

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
# English CHILDES excerpt (MacWhinney 010411a), 18 s.
CORPUS_CLIP = CORPUS / "batchalign3/batchalign/tests/support/parity/eng_multi_speaker.mp3"


@pytest.mark.parametrize("engine", ["whisper", "pocketsphinx"])
def test_recognizers_report_seconds_of_the_recording(engine: str, tmp_path: Path) -> None:
    transcriber = COMMAND.load("eng", AsrOptions(engine=engine))  # type: ignore[arg-type]
    seconds = round(soundfile.info(str(CORPUS_CLIP)).duration)
    tasks = [FileTask("a/first.mp3", CORPUS_CLIP, "eng"), FileTask("a/second.mp3", CORPUS_CLIP, "eng")]
    seen: list[tuple[int, int, int]] = []
    with progress.listening(lambda *count: seen.append(count)):
        outcomes = transcriber.process(tasks)
    assert all(isinstance(outcome, FileResult) for outcome in outcomes), outcomes
    for index in (0, 1):  # each file of the batch under its own task index
        counts = [(current, total) for i, current, total in seen if i == index]
        # whisper reports after each segment it decodes; pocketsphinx after each stretch of speech
        # its voice detector cuts (this clip's talk is one stretch), then the end.
        assert len(counts) >= (3 if engine == "whisper" else 2), counts
        assert {total for _, total in counts} == {seconds}
        assert [current for current, _ in counts] == sorted(current for current, _ in counts)
        assert counts[-1] == (seconds, seconds)
