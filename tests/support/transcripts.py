"""Constructed CHAT transcripts of any length, for tests that need many utterances (no corpus text)."""

from __future__ import annotations

SENTENCES = ("the dog ran to the park", "I want some more juice", "she is reading a big book", "where did the cat go")


def transcript(utterances: int) -> str:
    """An English transcript of `utterances` utterances by one child, cycling through SENTENCES."""
    head = "@UTF8\n@Begin\n@Languages:\teng\n@Participants:\tCHI Target_Child\n@ID:\teng|test|CHI|||||Target_Child|||\n"
    body = "".join(f"*CHI:\t{SENTENCES[i % len(SENTENCES)]} .\n" for i in range(utterances))
    return head + body + "@End\n"
