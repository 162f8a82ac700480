"""What a file's `progress_stage` says: the ledger's stage word made one of batchalign3's FileProgressStage codes.

The ledger records `processing` while a worker holds a file (workers report no finer
stage today), `retry_scheduled` while a retry waits, and `done`/`failed`/`cancelled`
at the end. A client wants to read what is happening, so `processing` is shown as the
command's own stage (`analyzing_morphosyntax` for morphotag, `aligning` for align...);
the end words are not in the spec's in-flight enum and are shown as a label only.
"""

from __future__ import annotations

from hotfolder.api.schemas import FileProgressStage as Stage

COMMAND_STAGES: dict[str, Stage] = {
    "align": Stage.ALIGNING,
    "transcribe": Stage.TRANSCRIBING,
    "transcribe_s": Stage.TRANSCRIBING,
    "translate": Stage.TRANSLATING,
    "morphotag": Stage.ANALYZING_MORPHOSYNTAX,
    "coref": Stage.RESOLVING_COREFERENCE,
    "utseg": Stage.SEGMENTING_UTTERANCES,
    "benchmark": Stage.BENCHMARKING,
    "opensmile": Stage.ANALYZING,
    "compare": Stage.COMPARING,
    "avqi": Stage.ANALYZING,
}

# batchalign3's dashboard shows these words; the rest are the code, spaced and capitalized.
LABELS: dict[str, str] = {
    Stage.ALIGNING: "Forced alignment",
    Stage.ANALYZING_MORPHOSYNTAX: "Morphosyntax",
    Stage.SEGMENTING_UTTERANCES: "Utterance segmentation",
    Stage.RESOLVING_COREFERENCE: "Coreference",
    Stage.RETRY_SCHEDULED: "Retry scheduled",
}

_CODES = frozenset(stage.value for stage in Stage)


def file_stage(recorded: str | None, command: str | None) -> tuple[Stage | None, str | None]:
    """(progress_stage, progress_label) for the ledger's stage word of a file of `command`."""
    if recorded is None:
        return None, None
    stage: Stage | None = None
    if recorded == Stage.PROCESSING and command is not None:
        stage = COMMAND_STAGES.get(command, Stage.PROCESSING)
    elif recorded in _CODES:
        stage = Stage(recorded)
    word = stage.value if stage is not None else recorded
    return stage, LABELS.get(word, word.replace("_", " ").capitalize())
