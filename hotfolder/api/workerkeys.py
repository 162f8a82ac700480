"""`live_worker_keys` also in batchalign3's form, which its dashboard parses: `profile:<kind>:<lang> (N total, M idle)`.

The local pool counts its workers and busy ones per key (`exact_profiles`). An executor
that does not (Temporal's remote machines) names only the live keys; then the ledger says
how many files of each (command, lang) are processing, one per busy worker, and N is exact
with one key (the live worker count) and otherwise the busy count, at least 1: a lower bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def _command_lang(key: str) -> tuple[str, str]:
    command, _, rest = key.partition(":")
    return command, rest.partition(":")[0]


def profile_keys(keys: Sequence[str], live_workers: int | None, busy: Mapping[tuple[str, str], int]) -> list[str]:
    """One `profile:<command>:<lang> (N total, M idle)` per (command, lang) among `keys`, sorted."""
    pairs = sorted({_command_lang(key) for key in keys})
    out = []
    for command, lang in pairs:
        working = busy.get((command, lang), 0)
        total = max(1, working)
        if len(pairs) == 1 and live_workers is not None:
            total = max(total, live_workers)
        out.append(f"profile:{command}:{lang} ({total} total, {total - min(working, total)} idle)")
    return out


def exact_profiles(counts: Mapping[str, tuple[int, int]]) -> list[str]:
    """The profiles from (workers, busy) per worker key; keys differing only in engine options add up."""
    summed: dict[tuple[str, str], tuple[int, int]] = {}
    for key, (total, working) in counts.items():
        pair = _command_lang(key)
        before = summed.get(pair, (0, 0))
        summed[pair] = (before[0] + total, before[1] + working)
    return [
        f"profile:{command}:{lang} ({total} total, {total - working} idle)"
        for (command, lang), (total, working) in sorted(summed.items())
    ]
