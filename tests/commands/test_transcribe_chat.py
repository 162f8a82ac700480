"""transcribe's CHAT output: headers, bullets, %wor, provenance, and our own invalid output caught."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotfolder.chat import dumps, loads, validate
from hotfolder.chat.bullets import NAK
from hotfolder.commands.transcribe.chatout import build_transcript, transcript_text
from hotfolder.commands.transcribe.recognition import TimedToken
from hotfolder.commands.transcribe.utterances import PlannedUtterance, plan_utterances
from hotfolder.errors import FailureCategory, FileFailure

WHEN = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def planned() -> list[PlannedUtterance]:
    stream = [
        TimedToken(" Where", 100, 300), TimedToken(" are", 300, 400), TimedToken(" you?", 400, 700),
        TimedToken(" Well,", 900, 1100), TimedToken(" here", 1100, 1300), TimedToken(" now.", 1300, 1300),
    ]  # fmt: skip
    return plan_utterances(stream, duration_ms=2000)


def test_transcript_layout() -> None:
    chat = build_transcript(
        planned(), lang="eng", media_name="x", command="transcribe", fields={"engine": "whisper"}, when=WHEN
    )
    text = dumps(chat).replace(NAK, "·")
    assert text == (
        "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tPAR Participant\n"
        "@ID:\teng|corpus|PAR|||||Participant|||\n"
        "@Comment:\t[hf transcribe | engine=whisper | 2026-11-27T10:00:00+00:00]\n"
        "@Media:\tx, audio\n"
        "*PAR:\tWhere are you ? ·100_700·\n"
        "%wor:\tWhere ·100_300· are ·300_400· you ·400_700· ?\n"
        "*PAR:\tWell , here now . ·900_1300·\n"
        "%wor:\tWell ·900_1100· here ·1100_1300· now .\n"
        "@End\n"
    )
    assert validate(loads(dumps(chat))) == []
    reread = loads(dumps(chat))
    assert [u.bullet for u in reread.utterances] == [(100, 700), (900, 1300)]
    assert [w.text for w in reread.utterances[1].wor_words()] == ["Well", "here", "now"]
    assert reread.provenance()[0].command == "transcribe"
    assert reread.media is not None and reread.media.filename == "x"


def test_an_empty_recording_is_a_valid_transcript_without_utterances() -> None:
    chat = build_transcript([], lang="fra", media_name="silence", command="transcribe", fields={}, when=WHEN)
    assert chat.utterances == [] and chat.languages == ["fra"] and validate(chat) == []


def test_output_that_fails_validation_is_a_system_failure_not_a_file() -> None:
    backwards = [
        PlannedUtterance(("a",), (("a", (500, 600)),), ".", (500, 600)),
        PlannedUtterance(("b",), (("b", (100, 200)),), ".", (100, 200)),
    ]
    with pytest.raises(FileFailure) as caught:
        build_transcript(backwards, lang="eng", media_name="x", command="transcribe", fields={}, when=WHEN)
    assert caught.value.category is FailureCategory.SYSTEM
    assert caught.value.codes == ["CHECK 83"] and caught.value.line == 10  # the second *PAR:
    assert "a bug" in caught.value.message


def test_text_before_the_library_adds_wor_and_provenance() -> None:
    text = transcript_text(planned()[:1], "spa", "clip 1")
    assert text.splitlines()[2:6] == [
        "@Languages:\tspa",
        "@Participants:\tPAR Participant",
        "@ID:\tspa|corpus|PAR|||||Participant|||",
        "@Media:\tclip 1, audio",
    ]
    assert text.endswith(f"*PAR:\tWhere are you ? {NAK}100_700{NAK}\n@End\n")
