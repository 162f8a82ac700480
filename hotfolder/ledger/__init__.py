"""The SQLite ledger: jobs, files, inputs, attempts and events."""

from hotfolder.ledger.ledger import Ledger, UnknownJob
from hotfolder.ledger.records import FileRecord, InputRecord, Job, NewJob
from hotfolder.ledger.states import FileStatus, JobStatus

__all__ = ["FileRecord", "FileStatus", "InputRecord", "Job", "JobStatus", "Ledger", "NewJob", "UnknownJob"]
