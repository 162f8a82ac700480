"""What apertium reads for an utterance, and the %xtra tier made from what it writes.

The source is the utterance's %mor words (what was said, without retraced
material, fillers or events): compounds and `_` names as separate words,
commas kept, `?` or `!` added when the terminator asks a question or
exclaims, as punctuation helps the translator. The tier is the translation
with apertium's marks removed (`*` unknown word, `#` and `@` generation and
transfer gaps: the word stays as apertium wrote it), its final punctuation
replaced by the utterance's terminator after a space, as batchalign writes
%xtra (`what do you see in the drawing ?`).
"""

from __future__ import annotations

from hotfolder.chat import Utterance

_MARKS = "*#@"
_FINAL = " .?!¡¿…"


def source_line(utterance: Utterance) -> str | None:
    """One line for apertium, or None when the utterance has no word to translate."""
    parts: list[str] = []
    for word in utterance.mor_words():
        if word.is_separator:
            if word.text == "," and parts:
                parts[-1] += ","
            continue
        text = " ".join(word.parts) if word.parts else word.text
        parts.append(text.replace("_", " "))
    if not parts:
        return None
    terminator = utterance.terminator or ""
    mark = "?" if "?" in terminator else "!" if "!" in terminator else ""
    return " ".join(parts) + mark


def clean(translated: str) -> tuple[str, int]:
    """The translation without apertium's marks, and how many words it did not know (`*`)."""
    words = []
    unknown = 0
    for token in translated.split():
        if len(token) > 1 and token[0] in _MARKS:
            if token[0] == "*":
                unknown += 1
            token = token.lstrip(_MARKS)
        words.append(token)
    return " ".join(words), unknown


def xtra(translated: str, terminator: str | None) -> str | None:
    """The %xtra content for a cleaned translation; None when nothing is left."""
    text = translated.strip().rstrip(_FINAL).strip()
    if not text:
        return None
    return f"{text} {terminator}" if terminator else text
