"""How work is named on Temporal: task queues per (command, language, memory class), workflow ids. Pure."""

from __future__ import annotations

from hotfolder.pool.units import WorkerKey

# Memory classes by a command's declared worker budget (MB): a machine takes a class only if it can hold it.
MEMORY_CLASSES: tuple[tuple[str, int], ...] = (("s", 1024), ("m", 4096), ("l", 16384), ("xl", 1 << 30))
ACTIVITY = "hotfolder.run_unit"
WORKFLOW = "HotfolderUnit"


def memory_class(memory_mb: float) -> str:
    """The smallest class whose ceiling holds a worker of `memory_mb`."""
    for name, ceiling in MEMORY_CLASSES:
        if memory_mb <= ceiling:
            return name
    return MEMORY_CLASSES[-1][0]


def classes_within(total_mb: float) -> list[str]:
    """The classes a machine of `total_mb` can run (at least the smallest: a class never goes unserved for lack of a name)."""
    fits = [name for name, ceiling in MEMORY_CLASSES[:-1] if ceiling <= total_mb]
    if total_mb > MEMORY_CLASSES[-2][1]:
        fits.append(MEMORY_CLASSES[-1][0])  # the open-ended class: any machine above the largest ceiling
    return fits or [MEMORY_CLASSES[0][0]]


def task_queue(prefix: str, command: str, lang: str, klass: str) -> str:
    return f"{prefix}.{command}.{lang}.{klass}"


def control_queue(prefix: str) -> str:
    """Workflow tasks (cheap bookkeeping) run on every worker machine, from this queue."""
    return f"{prefix}.control"


def queue_for(prefix: str, key: WorkerKey, memory_mb: float) -> str:
    return task_queue(prefix, key.command, key.lang, memory_class(memory_mb))


def workflow_id(prefix: str, node_id: str, unit_id: str) -> str:
    """Unique per lab server: several lab servers may share one namespace."""
    return f"{prefix}-{node_id}-{unit_id}"


def command_of(queue: str, prefix: str) -> str | None:
    """The command a task queue serves, None for the control queue or a foreign one."""
    if not queue.startswith(prefix + "."):
        return None
    parts = queue[len(prefix) + 1 :].split(".")
    return parts[0] if len(parts) == 3 else None
