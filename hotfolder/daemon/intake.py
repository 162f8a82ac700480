"""Taking a ready bundle: stage a durable copy, fingerprint it, record the job.

The inbox original stays where the user put it until the job has ended and
its results are durable; the job works from the daemon's staging copy, so a
share that goes away or a user who edits the file mid-job cannot hurt it.
"""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from hotfolder.commands.base import Command
from hotfolder.config.models import ResolvedFolder
from hotfolder.errors import ConfigError, FailureCategory, FileFailure
from hotfolder.ledger import InputRecord, Ledger, NewJob
from hotfolder.outbox.atomic import OutboxWriteError, copy_atomic, fsync_dirs
from hotfolder.watch.settle import StatKey
from hotfolder.watch.ticket import load_ticket
from hotfolder.watch.tracker import ReadyBundle

log = logging.getLogger("hotfolder.intake")


@dataclass(frozen=True)
class Claim:
    job_id: str
    failure: FileFailure | None  # set when the bundle itself is unusable (bad ticket, nothing to process)


def stat_key(path: Path) -> StatKey | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return StatKey(st.st_size, st.st_mtime_ns, st.st_ino)


def unclaimed_members(bundle: ReadyBundle, inbox: Path, claimed: set[tuple[str, int, int, int]]) -> list[str]:
    """Members whose current fingerprint no live job holds (a late sibling forms its own job)."""
    fresh = []
    for member in bundle.members:
        path = str(inbox / member.display_path)
        if (path, member.key.size, member.key.mtime_ns, member.key.inode) not in claimed:
            fresh.append(member.display_path)
    return fresh


class Intake:
    def __init__(self, ledger: Ledger, staging_root: Path, node_id: str) -> None:
        self.ledger = ledger
        self.staging_root = staging_root
        self.node_id = node_id

    def claim(self, folder: ResolvedFolder, command: Command, bundle: ReadyBundle, members: list[str]) -> Claim | None:
        """Stage and record `members` of `bundle`; None when a file changed while we copied it."""
        job_id = str(uuid.uuid4())
        staging = self.staging_root / job_id
        inbox = folder.inbox
        keys = {m.display_path: m.key for m in bundle.members}
        names = list(members) + ([bundle.ticket] if bundle.ticket else [])
        inputs: list[InputRecord] = []
        try:
            for name in names:
                original = inbox / name
                before = keys.get(name) or stat_key(original)
                staged = staging / name
                digest = copy_atomic(original, staged, root=self.staging_root, sync_dir=False)
                if before is None or stat_key(original) != before:
                    raise _Changed(name)
                inputs.append(InputRecord(str(original), name, before.size, before.mtime_ns, before.inode, digest, str(staged)))
            fsync_dirs({Path(i.staged_path).parent for i in inputs if i.staged_path} | {staging, staging.parent})
        except (_Changed, OutboxWriteError, OSError) as why:
            log.info("bundle %s in %s not taken yet: %s", bundle.name, folder.name, why)
            shutil.rmtree(staging, ignore_errors=True)
            return None

        lang, options, failure = self._job_settings(folder, command, bundle, staging)
        primary = command.primary_inputs(list(members)) if failure is None else []
        if failure is None and not primary:
            failure = FileFailure(
                f"nothing for {folder.command} in bundle {bundle.name!r}: none of {', '.join(members)} is an input it takes",
                FailureCategory.VALIDATION,
            )
        files = tuple(primary) if failure is None else tuple(members)
        new = NewJob(
            folder=folder.name,
            bundle=bundle.name,
            bundle_kind=bundle.kind,
            command=folder.command,
            lang=lang,
            options=options,
            outbox_dir=str(folder.outbox),
            failed_dir=str(folder.failed),
            staging_dir=str(staging),
            node_id=self.node_id,
            files=files,
            inputs=tuple(inputs),
        )
        self.ledger.create_job(new, job_id)
        log.info("job %s queued: %s/%s (%d file(s))", job_id, folder.name, bundle.name, len(files))
        return Claim(job_id, failure)

    def sweep_orphans(self) -> int:
        """Remove staging folders no job owns: a claim killed between its copy and its ledger row.

        The inbox originals are untouched until a recorded job releases them, so the
        bundle is claimed again from the inbox; the orphan copy would only fill the disk.
        """
        removed = 0
        for entry in os.scandir(self.staging_root) if self.staging_root.is_dir() else ():
            if entry.is_dir(follow_symlinks=False) and not self.ledger.has_job(entry.name):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
        return removed

    def _job_settings(self, folder: ResolvedFolder, command: Command, bundle: ReadyBundle, staging: Path) -> tuple[str, dict[str, Any], FileFailure | None]:
        lang = folder.lang
        options = dict(folder.options)
        if bundle.ticket:
            ticket_path = staging / bundle.ticket
            try:
                ticket = load_ticket(ticket_path)
            except ConfigError as error:
                shown = str(error).replace(str(ticket_path), str(PurePosixPath(bundle.ticket)))
                return lang, options, FileFailure(f"bad job ticket: {shown}", FailureCategory.VALIDATION, line=error.line)
            lang = ticket.lang or lang
            options.update(ticket.options)
            if ticket.num_speakers is not None:
                options["num_speakers"] = ticket.num_speakers
        try:
            command.options_model.model_validate(options)
        except ValidationError as error:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'options'}: {e['msg']}" for e in error.errors())
            return lang, options, FileFailure(f"bad options for {folder.command}: {problems}", FailureCategory.VALIDATION)
        return lang, options, None


class _Changed(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} changed while it was being copied")
