"""A bundle not taken (changed while copied, staging full, unreadable) is looked at again, backing off."""

from __future__ import annotations

import pytest

from hotfolder.daemon.service import claim_retry_s


@pytest.mark.parametrize(("misses", "delay"), [(0, 2.0), (1, 4.0), (2, 8.0), (4, 32.0), (5, 60.0), (50, 60.0)])
def test_the_delay_doubles_while_the_obstacle_stays_up_to_a_minute(misses: int, delay: float) -> None:
    assert claim_retry_s(misses) == delay
