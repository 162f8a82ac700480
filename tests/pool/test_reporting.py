"""Engines' progress: the report calls, and the throttles on the worker's pipe and on ledger writes."""

from __future__ import annotations

from hotfolder.commands import progress
from hotfolder.pool.reporting import Throttle, WorkerReporter, due


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_due_once_per_interval() -> None:
    assert due(None, 5.0, 1.0)  # never sent: at once
    assert not due(5.0, 5.999, 1.0)
    assert due(5.0, 6.0, 1.0)


def test_reports_go_to_the_listener_clamped_and_nowhere_outside_one() -> None:
    seen: list[tuple[int, int, int]] = []
    progress.report(0, 1, 2)  # nobody listens: nothing happens, nothing raises
    progress.advance(1, 2)
    with progress.listening(lambda *count: seen.append(count)):
        progress.report(3, 5, 10)
        progress.report(3, 12, 10)  # never past its total
        progress.advance(1, 2)  # no file in hand: dropped
        with progress.working_on(4):
            progress.advance(7, 9)
        progress.advance(2, 2)  # outside the file again
    progress.report(0, 1, 2)
    assert seen == [(3, 5, 10), (3, 10, 10), (4, 7, 9)]


def test_worker_sends_a_few_messages_a_second_with_the_newest_counts() -> None:
    clock, sent = Clock(), list[dict[int, tuple[int, int]]]()
    reporter = WorkerReporter(sent.append, interval_s=0.25, clock=clock)
    for utterance in range(1, 101):  # an engine reporting after every utterance, 100 a second
        reporter(0, utterance, 100)
        if utterance == 50:
            reporter(1, 3, 40)  # a second file of the batch
        clock.now += 0.01
    # One second of reports: 4 messages, each with the newest count of every file reported since the last.
    assert len(sent) == 4
    assert sent[0] == {0: (1, 100)}
    assert [message[0][0] for message in sent] == [1, 26, 51, 76]
    assert sent[2] == {0: (51, 100), 1: (3, 40)}


def test_ledger_throttle_writes_each_file_once_a_second_and_keeps_the_newest() -> None:
    throttle = Throttle(1.0)
    throttle.offer(7, 1, 300)
    throttle.offer(8, 10, 20)
    assert throttle.take(10.0) == {7: (1, 300), 8: (10, 20)}  # first counts: at once
    throttle.offer(7, 40, 300)
    throttle.offer(7, 80, 300)
    assert throttle.take(10.5) == {}  # too soon: held, not lost
    throttle.offer(8, 20, 20)
    assert throttle.take(11.0) == {7: (80, 300), 8: (20, 20)}
    assert throttle.take(30.0) == {}  # nothing new
    assert throttle.sent_at == {}  # quiet files are forgotten: no growth over a long run
    throttle.offer(9, 1, 2)
    throttle.forget(9)
    assert throttle.take(31.0) == {}
