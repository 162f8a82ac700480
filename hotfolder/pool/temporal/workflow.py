"""The workflow of one work unit: run its activity on a worker machine, again if that machine vanished.

The unit's own outcome, failures included (a crashing engine, an overdue file), comes back as the
activity's result: the lab server's ledger decides retries, as for the local pool. Temporal
retries only what the ledger cannot see, a worker machine lost mid-unit (its heartbeat stops),
at most `max_host_losses` times; a machine whose memory gate held the unit back hands it back
(`MemoryDeferred`) and that is not counted.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, TimeoutError, TimeoutType

with workflow.unsafe.imports_passed_through():
    from hotfolder.pool.temporal.queues import ACTIVITY, WORKFLOW

MEMORY_DEFERRED = "MemoryDeferred"
OVERDUE_MARGIN_S = 60.0  # beyond the files' own deadlines, which the worker machine's pool enforces


def lost_message(cause: BaseException | None) -> str:
    if isinstance(cause, TimeoutError) and cause.type == TimeoutType.HEARTBEAT:
        return "no heartbeat from the worker machine"
    if cause is None:
        return "the worker machine failed"
    return f"{type(cause).__name__}: {cause}"


@workflow.defn(name=WORKFLOW)
class UnitWorkflow:
    @workflow.run
    async def run(self, request: dict[str, Any]) -> dict[str, Any]:
        payload = request["payload"]
        losses = 0
        while True:
            try:
                result: dict[str, Any] = await workflow.execute_activity(
                    ACTIVITY, payload,
                    task_queue=request["task_queue"],
                    start_to_close_timeout=timedelta(seconds=request["timeout_s"] * len(payload["tasks"]) + OVERDUE_MARGIN_S),
                    heartbeat_timeout=timedelta(seconds=request["heartbeat_timeout_s"]),
                    retry_policy=RetryPolicy(maximum_attempts=1),  # this loop decides, with the reasons it knows
                    cancellation_type=workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
                )
                return result
            except ActivityError as error:
                cause = error.cause
                if isinstance(cause, ApplicationError) and cause.type == MEMORY_DEFERRED:
                    await workflow.sleep(1)
                    continue
                overdue = isinstance(cause, TimeoutError) and cause.type == TimeoutType.START_TO_CLOSE
                losses += 1
                if overdue or losses >= request["max_host_losses"]:
                    category = "worker_timeout" if overdue else "worker_crash"
                    message = f"unit ran past its deadline on a worker machine: {lost_message(cause)}" if overdue else (
                        f"worker machine lost {losses} times ({lost_message(cause)})")
                    return {"token": payload["token"], "attempt": "", "host": "",
                            "event": {"kind": "failed", "category": category, "message": message, "detail": {"host_losses": losses},
                                      "done": {}, "charged": None}}
                workflow.logger.warning("unit %s: worker machine lost (%s); running it again", payload["unit_id"], lost_message(cause))
