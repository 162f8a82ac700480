"""Fresh %mor/%gra for the pieces of split utterances, from the morphotag tagger.

A split utterance's %mor/%gra describe the whole utterance and cannot be cut
(the %gra heads cross the cut), so when the input had them each piece is
tagged again, as morphotag would tag it, through morphotag's own entry points
(`Job`, `Tagger.tag`, `write_tiers`): the pieces' tiers are exactly what a
morphotag run on the output would write.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from hotfolder.chat import ChatFile
from hotfolder.commands.morphotag.engine import Job, write_tiers
from hotfolder.commands.morphotag.tagger import Tagger


def piece_positions(splits: Mapping[int, int]) -> dict[int, list[int]]:
    """Per split utterance (its index before the split, -> piece count), its pieces' indices after it."""
    positions: dict[int, list[int]] = {}
    shift = 0
    for index in sorted(splits):
        positions[index] = [index + shift + number for number in range(splits[index])]
        shift += splits[index] - 1
    return positions


def retag(chat: ChatFile, positions: Sequence[int], tagger: Tagger, lang: str) -> int:
    """Write %mor/%gra for the utterances at these positions (those with words); how many were tagged."""
    utterances = chat.utterances
    jobs = []
    for position in positions:
        utterance = utterances[position]
        words = utterance.mor_words()
        if any(not word.is_separator for word in words):
            jobs.append(Job(0, utterance, words, lang))
    for job, tagged in zip(jobs, tagger.tag([job.texts for job in jobs]), strict=True):
        write_tiers(job, tagged)
    return len(jobs)
