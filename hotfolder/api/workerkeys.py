"""`live_worker_keys` also in batchalign3's form, which its dashboard parses: `profile:<kind>:<lang> (N total, M idle)`.

The daemon names each live worker's key (`morphotag:eng`, with engine options after a
third colon) but not how many workers share it; the ledger says how many files of each
(command, lang) are processing, one per busy worker. So N is exact with one key (the
daemon's live worker count) and otherwise the busy count, at least 1: a lower bound.
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
