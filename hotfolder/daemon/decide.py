"""What becomes of a file after an attempt, as a pure function; results.py does the writing."""

from __future__ import annotations

from dataclasses import dataclass

from hotfolder.commands.base import FileResult, Outcome
from hotfolder.errors import FailureCategory, FileFailure
from hotfolder.ledger.states import retry_delay_s, should_retry

MEMORY_BACKOFF_S = 30.0  # as batchalign3's memory deferral


@dataclass(frozen=True)
class Done:
    """The file succeeded: its outputs go to the outbox."""


@dataclass(frozen=True)
class Retry:
    """Back in the queue until `at`; `charge=False` gives the attempt back (stopped for the host's sake)."""

    at: float
    delay_s: float
    charge: bool = True


@dataclass(frozen=True)
class Fail:
    """The file ends in error; `forced` when it was worth retrying but ran out of attempts."""

    forced: bool = False


Decision = Done | Retry | Fail


def decide_failure(failure: FileFailure, attempts: int, max_attempts: int, now: float) -> Retry | Fail:
    """A failure after `attempts` attempts (the one that failed included)."""
    if failure.category == FailureCategory.MEMORY_PRESSURE:
        return Retry(now + MEMORY_BACKOFF_S, MEMORY_BACKOFF_S, charge=False)  # shed, never lost, never charged
    if should_retry(attempts, max_attempts, failure.retryable):
        delay = retry_delay_s(attempts)
        return Retry(now + delay, delay)
    return Fail(forced=failure.retryable)


def decide(outcome: Outcome, attempts: int, max_attempts: int, now: float) -> Decision:
    """A file's next state from its outcome: done, retried later, or failed for good."""
    if isinstance(outcome, FileResult):
        return Done()
    return decide_failure(outcome, attempts, max_attempts, now)
