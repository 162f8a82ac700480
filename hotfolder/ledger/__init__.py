"""The SQLite ledger: jobs, files, inputs, attempts, events and requests; the only code with SQL."""

from hotfolder.ledger.ledger import Ledger
from hotfolder.ledger.reads import UnknownJob
from hotfolder.ledger.records import FileRecord, InputRecord, Job, NewJob, Request
from hotfolder.ledger.states import FileStatus, JobStatus, RequestKind

__all__ = [
    "FileRecord", "FileStatus", "InputRecord", "Job", "JobStatus", "Ledger", "NewJob", "Request", "RequestKind", "UnknownJob",
]
