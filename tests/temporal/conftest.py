"""Fixtures of the Temporal tests: a dev server and two worker machines, once per session."""

from tests.temporal.cluster import temporal_cluster

__all__ = ["temporal_cluster"]
