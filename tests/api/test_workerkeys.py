"""batchalign3's `profile:<kind>:<lang> (N total, M idle)`: exact from the pool's counts, else a lower bound."""

from __future__ import annotations

from hotfolder.api.health import health_response
from hotfolder.api.live import LiveFacts
from hotfolder.api.workerkeys import exact_profiles, profile_keys
from hotfolder.pool.executor import worker_counts


def test_worker_counts_add_up_live_and_busy_workers_per_key() -> None:
    live = [("morphotag:eng", True), ("morphotag:eng", False), ("morphotag:eng", True), ("align:eng", False)]
    assert worker_counts(live) == {"morphotag:eng": (3, 2), "align:eng": (1, 0)}
    assert worker_counts([]) == {}


def test_exact_profiles_sum_keys_that_differ_only_in_options() -> None:
    counts = {"morphotag:eng": (3, 2), "transcribe:eng:num_speakers=2": (1, 1), "transcribe:eng": (1, 0), "utseg:fra": (2, 0)}
    assert exact_profiles(counts) == [
        "profile:morphotag:eng (3 total, 1 idle)",
        "profile:transcribe:eng (2 total, 1 idle)",
        "profile:utseg:fra (2 total, 2 idle)",
    ]


def test_without_counts_the_ledger_gives_a_lower_bound() -> None:
    # Two kinds of worker live, one file processing: the daemon did not say how many workers each has.
    assert profile_keys(["morphotag:eng", "utseg:eng"], 5, {("morphotag", "eng"): 1}) == [
        "profile:morphotag:eng (1 total, 0 idle)",
        "profile:utseg:eng (1 total, 1 idle)",
    ]


def test_health_uses_the_pools_exact_counts_and_keeps_them_out_of_the_body() -> None:
    live = LiveFacts(
        live_workers=4,
        live_worker_keys=("morphotag:eng", "utseg:eng"),
        worker_profiles=tuple(exact_profiles({"morphotag:eng": (3, 1), "utseg:eng": (1, 1)})),
    )
    body = health_response(
        version="1.0", node_id="node", capabilities=[], counts={}, queued={}, live=live, busy={("morphotag", "eng"): 1}
    ).model_dump()
    assert body["live_worker_keys"] == [
        "morphotag:eng",
        "utseg:eng",
        "profile:morphotag:eng (3 total, 2 idle)",
        "profile:utseg:eng (1 total, 0 idle)",
    ]
    assert "worker_profiles" not in body
