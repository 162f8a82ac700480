"""Suite-wide safety nets."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.daemon import STARTED
from tests.temporal.cluster import temporal_cluster  # one Temporal dev server per session, for tests/temporal and the executor contract

__all__ = ["temporal_cluster"]


@pytest.fixture(autouse=True)
def _no_leaked_daemons() -> Iterator[None]:
    """A test that fails before stopping its daemon must not leave it (and its workers) running."""
    yield
    while STARTED:
        daemon = STARTED.pop()
        if daemon.process is not None:
            daemon.kill_group()  # also when the daemon is gone: its workers may not be
