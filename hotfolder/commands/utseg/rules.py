"""Which of the parser's proposed boundaries utseg uses: only clear sentence boundaries (pure: no spaCy).

The parser proposes a piece start at each sentence it finds and at each
clause with its own subject coordinated with the root. A proposal is kept only
when the pieces on both sides read as sentences on their own; it is dropped when
either piece is shorter than `min_words` (batchalign merges groups under 3
words), has no verb, or when the boundary would cut a construction a linguist
keeps whole: a tag question (`it's nice | doesn't it`), a parenthetical
(`it's red | I think`), a subordinate or relative clause (`the dog | that
barked`), a repetition (`I want it | I want it`), or a song, recitation or
list (`a b c d | e f g`). A coordinated clause (`..., and he cried`) is cut
only when both sides have at least `CLAUSE_WORDS` words. Cuts are dropped one at a
time, leftmost first, until every remaining cut passes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

CLAUSE_WORDS = 4  # a coordinated clause is its own utterance only when both sides are this long
LIST_SHARE = 0.5  # an utterance with at least this share of letters/numbers is a recitation or list

_TAG_AUX = frozenset(
    "is isn't are aren't was wasn't were weren't do don't does doesn't did didn't can can't could couldn't "
    "will won't would wouldn't shall shan't should shouldn't have haven't has hasn't had hadn't may might "
    "must am ain't".split()
)
_TAG_SUBJECT = frozenset("it he she they you we i that there this one".split())
_TAG_WORDS = frozenset("right okay ok eh huh yeah yes no see".split())
_PARENTHETICAL_VERBS = frozenset("think guess mean know see suppose bet believe reckon hope".split())
_PARENTHETICAL_SUBJECTS = frozenset("i you we".split())
_SUBORDINATORS = frozenset({"SCONJ"})
_RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())


class Parsed(NamedTuple):
    """One %mor word as the parser saw it: its text and its first token's tags."""

    text: str
    pos: str  # universal POS of the first token
    tag: str  # fine-grained tag of the first token
    verb: bool  # whether any token of the word is a VERB or AUX


def choose(
    words: Sequence[Parsed],
    sentences: Sequence[int],
    clauses: Sequence[int],
    questions: frozenset[int],
    min_words: int,
) -> list[int]:
    """The piece starts (word indices > 0, ascending) to cut at, from the parser's proposals."""
    if is_recitation(words):
        return []
    clause_only = set(clauses) - set(sentences)
    cuts = sorted({start for start in [*sentences, *clauses] if 0 < start < len(words)})
    while True:
        vetoed = _first_vetoed(words, cuts, clause_only, questions, min_words)
        if vetoed is None:
            return cuts
        cuts.remove(vetoed)


def _first_vetoed(
    words: Sequence[Parsed], cuts: list[int], clause_only: set[int], questions: frozenset[int], min_words: int
) -> int | None:
    """The leftmost cut whose two pieces do not both read as sentences."""
    edges = [0, *cuts, len(words)]
    for number, cut in enumerate(cuts):
        before, after = words[edges[number] : cut], words[cut : edges[number + 2]]
        if veto(before, after, cut in clause_only, cut in questions, min_words):
            return cut
    return None


def veto(
    before: Sequence[Parsed], after: Sequence[Parsed], clause: bool, question: bool, min_words: int
) -> str | None:
    """Why the boundary between these two pieces is not used (None: it is a clear sentence boundary)."""
    if len(before) < min_words or len(after) < min_words:
        return "short"
    if clause and (len(before) < CLAUSE_WORDS or len(after) < CLAUSE_WORDS):
        return "short clause"
    if is_tag(after):
        return "tag question"
    if is_parenthetical(after) or is_parenthetical(before):
        return "parenthetical"
    if not any(word.verb for word in before) or not any(word.verb for word in after):
        return "no verb"
    if is_subordinate(after, question):
        return "subordinate"
    if is_repetition(before, after):
        return "repetition"
    return None


def _lower(words: Sequence[Parsed]) -> list[str]:
    return [word.text.lower() for word in words]


def is_tag(piece: Sequence[Parsed]) -> bool:
    """`doesn't it`, `isn't that right`, `can't you`, `right`: a tag hung on the sentence before."""
    texts = _lower(piece)
    if texts and all(text in _TAG_WORDS for text in texts):
        return True
    if len(texts) < 2 or len(texts) > 4 or texts[0] not in _TAG_AUX:
        return False
    rest = [text for text in texts[1:] if text not in ("not", "n't")]
    return bool(rest) and rest[0] in _TAG_SUBJECT and all(text in _TAG_WORDS for text in rest[1:])


def is_parenthetical(piece: Sequence[Parsed]) -> bool:
    """`I think`, `you know`, `I guess so`: a comment on the sentence, not a sentence."""
    texts = [text for text in _lower(piece) if text not in ("so", "not", "don't", "do")]
    return len(texts) == 2 and texts[0] in _PARENTHETICAL_SUBJECTS and texts[1] in _PARENTHETICAL_VERBS


def is_subordinate(piece: Sequence[Parsed], question: bool) -> bool:
    """A piece opening with a subordinator or a relative word (not a question): it belongs to the one before."""
    first = piece[0]
    if first.pos in _SUBORDINATORS:
        return True
    return first.tag in _RELATIVE_TAGS and not question


def is_repetition(before: Sequence[Parsed], after: Sequence[Parsed]) -> bool:
    """The second piece restarts the first (`I want | I want the ball`) or repeats it."""
    a, b = _lower(before), _lower(after)
    return a[:2] == b[:2] or a[-3:] == b[-3:]


def is_recitation(words: Sequence[Parsed]) -> bool:
    """The alphabet, counting, a list of letters or numbers: a song or recitation is never cut."""
    if not words:
        return False
    listed = sum(1 for word in words if _is_list_item(word.text.lower()))
    return listed / len(words) >= LIST_SHARE


def _is_list_item(text: str) -> bool:
    return (len(text) == 1 and text.isalpha() and text not in ("a", "i")) or text.isdigit() or text in _NUMBER_WORDS
