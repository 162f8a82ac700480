"""How the morphotag engine fails one file of a batch: spaCy breaking on it, or text that is not CHAT."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from hotfolder.commands.base import FileResult, FileTask
from hotfolder.commands.morphotag.analyzers import Analyzers
from hotfolder.commands.morphotag.engine import MorphotagEngine
from hotfolder.commands.morphotag.languages import LanguageSpec
from hotfolder.commands.morphotag.spacy_analyzer import SpacyAnalyzer, load_spacy_pipeline
from hotfolder.errors import FailureCategory, FileFailure

WHEN = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)
TRIGGER = "kaboom"


@Language.component("hotfolder_test_breaks_on_trigger")
def breaks_on_trigger(doc: Doc) -> Doc:
    """A pipeline component that fails the way a broken model would, on one word only."""
    if any(token.text == TRIGGER for token in doc):
        raise RuntimeError(f"cannot analyse {TRIGGER!r}")
    return doc


def breaking_loader(spec: LanguageSpec) -> SpacyAnalyzer:
    nlp = load_spacy_pipeline(spec.target)
    nlp.add_pipe("hotfolder_test_breaks_on_trigger", last=True)
    return SpacyAnalyzer(nlp, spec.target)


def chat_file(tmp_path: Path, name: str, *utterances: str) -> FileTask:
    lines = ["@UTF8", "@Begin", "@Languages:\teng", "@Participants:\tCHI Target_Child",
             "@ID:\teng|test|CHI|||||Target_Child|||", *(f"*CHI:\t{u}" for u in utterances), "@End", ""]  # fmt: skip
    path = tmp_path / name
    path.write_text("\n".join(lines), encoding="utf-8")
    return FileTask(name, path, "eng")


def test_a_file_spacy_breaks_on_fails_alone_and_the_others_tag_as_alone(tmp_path: Path) -> None:
    engine = MorphotagEngine("eng", Analyzers(breaking_loader), clock=lambda: WHEN)
    first = chat_file(tmp_path, "first.cha", "I want cookies .", "more juice please .")
    broken = chat_file(tmp_path, "broken.cha", "the dog barks .", f"it went {TRIGGER} .")
    last = chat_file(tmp_path, "last.cha", "where is the ball ?")
    outcomes = engine.process([first, broken, last])
    failure = outcomes[1]
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.PROVIDER_TERMINAL
    assert failure.message.startswith("spaCy failed on this file: RuntimeError(")
    assert TRIGGER in failure.message
    alone = [engine.process([task])[0] for task in (first, last)]
    for batched, single in zip([outcomes[0], outcomes[2]], alone, strict=True):
        assert isinstance(batched, FileResult) and isinstance(single, FileResult)
        assert batched.outputs == single.outputs
        assert b"%mor:\t" in batched.outputs[0].data


def test_text_that_is_not_chat_fails_naming_the_file_and_line(tmp_path: Path) -> None:
    engine = MorphotagEngine("eng", Analyzers(), clock=lambda: WHEN)
    task = chat_file(tmp_path, "no-begin.cha", "I want cookies .")
    task.input_path.write_text(task.input_path.read_text(encoding="utf-8").replace("@Begin\n", ""), encoding="utf-8")
    (failure,) = engine.process([task])
    assert isinstance(failure, FileFailure)
    assert failure.category is FailureCategory.PARSE_ERROR
    assert failure.message.startswith("no-begin.cha: ")
    assert failure.codes == ["CHECK 6"] and failure.line == 1
