"""The work in flight: units handed to the executor, the jobs they carry, those being cancelled.

One place, so dispatch, outcome handling, release, cancel and shutdown read the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hotfolder.pool.units import WorkUnit


@dataclass
class Flight:
    unit: WorkUnit
    jobs: frozenset[str]
    cancelling: bool = False


@dataclass
class InFlight:
    units: dict[str, Flight] = field(default_factory=dict)

    def add(self, unit: WorkUnit, jobs: set[str]) -> None:
        self.units[unit.id] = Flight(unit, frozenset(jobs))

    def get(self, unit_id: str) -> WorkUnit | None:
        flight = self.units.get(unit_id)
        return flight.unit if flight is not None else None

    def jobs_of(self, unit_id: str) -> frozenset[str]:
        flight = self.units.get(unit_id)
        return flight.jobs if flight is not None else frozenset()

    def pop(self, unit_id: str) -> Flight | None:
        return self.units.pop(unit_id, None)

    def busy_files(self) -> set[int]:
        return {file_id for flight in self.units.values() for file_id in flight.unit.file_ids}

    def busy_jobs(self) -> set[str]:
        return {job_id for flight in self.units.values() for job_id in flight.jobs}

    def to_cancel(self, job_id: str) -> list[str]:
        """The units carrying `job_id` not yet asked to stop; they are marked as asked."""
        found = []
        for unit_id, flight in self.units.items():
            if job_id in flight.jobs and not flight.cancelling:
                flight.cancelling = True
                found.append(unit_id)
        return found
