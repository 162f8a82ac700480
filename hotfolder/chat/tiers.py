"""Items of the %mor and %gra tiers, as counted for alignment (shared/reference/chat-format/mor-tier.md)."""

from __future__ import annotations

from dataclasses import dataclass

from hotfolder.chat.symbols import TERMINATORS


@dataclass(frozen=True, slots=True)
class MorTier:
    items: list[str]  # one per main-tier word; `pron|it~aux|be` is one item
    terminator: str | None

    @property
    def chunk_count(self) -> int:
        """%gra relations this tier needs: every clitic (`~`, legacy pre-clitic `$`) and the terminator."""
        chunks = sum(1 + item.count("~") + item.count("$") for item in self.items)
        return chunks + (1 if self.terminator else 0)


def parse_mor(content: str) -> MorTier:
    items = [item for item in content.split() if not item.startswith("\x15")]
    if items and items[-1] in TERMINATORS:
        return MorTier(items[:-1], items[-1])
    return MorTier(items, None)


def gra_items(content: str) -> list[str]:
    return content.split()
