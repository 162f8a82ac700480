"""Closed symbol sets of the main tier (shared/reference/chat-format/symbols.md)."""

from __future__ import annotations

import re

# Utterance terminators. The CA arrows and TCU marks (`⇗ ↗ → ↘ ⇘ ≈ ≋`) are
# separators in current CHAT, not terminators (chatter's terminator split).
TERMINATORS = frozenset(
    {".", "?", "!", "+...", "+..?", "+/.", "+//.", "+/?", "+//?", "+!?", '+"/.', '+".', "+."}
)
LINKERS = frozenset({"+<", "++", "+^", '+"', "+,", "+≋", "+≈"})
# `,` `‡` `„` are items of %mor (UD `cm|cm`, `cm|begin`, `cm|end`); the rest are not.
MOR_SEPARATORS = frozenset({",", "‡", "„"})
SEPARATORS = MOR_SEPARATORS | frozenset({";", ":", "⇗", "↗", "→", "↘", "⇘", "≈", "≋", "∞", "≡"})
RETRACE_MARKERS = frozenset({"[/]", "[//]", "[///]", "[/-]", "[/?]"})
UNTRANSCRIBED = frozenset({"xxx", "yyy", "www"})

OVERLAP_CHARS = "⌈⌉⌊⌋"
CA_ELEMENTS = "↑↓≠∾⁑⤇∙Ἡ↻⤆"
CA_DELIMITERS = "∆∇°▁▔☺♋⁇∬Ϋ∮↫⁎◉§"
CA_ARROWS = "⇗↗→↘⇘≈≋∞≡"
STRESS = "ˈˌ"
# Group delimiters that may stick to a word: angle brackets scope annotations;
# pho/sin groups and curly quotes are transparent for word lists.
GROUP_OPEN = "<"
GROUP_CLOSE = ">"
TRANSPARENT_OPEN = "‹〔“"
TRANSPARENT_CLOSE = "›〕”"

PAUSE = re.compile(r"\((?:\.{1,3}|\d+(?::\d+)?\.\d*)\)\Z")
STANDALONE_OVERLAP = re.compile(r"[⌈⌉⌊⌋]\d*\Z")
BARE_TIMESTAMP = re.compile(r"\d+_\d+-?\Z")

# Everything a word carries that is not spoken text: overlap points with their
# index, underline pairs, CA marks, stress, lengthening `:`, syllable pause `^`,
# clitic `~`, shortening parentheses, control characters.
WORD_NOISE = re.compile(
    "[" + OVERLAP_CHARS + r"]\d*|\x02[\x01\x02]|["
    + CA_ELEMENTS + CA_DELIMITERS + CA_ARROWS + STRESS + r":^~()\x00-\x08\x0b-\x1f]"
)
