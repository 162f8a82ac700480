"""Watch -> claim: scan the inboxes that are due and claim their ready bundles, within a time budget per step."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from hotfolder.commands.base import Command
from hotfolder.config.models import ResolvedFolder
from hotfolder.daemon.contain import Containment, claim_key
from hotfolder.daemon.intake import Intake, unclaimed_members
from hotfolder.errors import FileFailure
from hotfolder.ledger import Ledger
from hotfolder.watch.folder import FolderWatch
from hotfolder.watch.native import NativeWatcher

log = logging.getLogger("hotfolder.daemon")

CLAIM_RETRY_S = 2.0  # a bundle not taken (changed while copied, staging full) is looked at again after this
CLAIM_BUDGET_S = 0.5  # per step: a thousand-file drop starts work while the rest is still being claimed


def claim_retry_s(misses: int) -> float:
    """2 s after the first miss, doubling while the obstacle stays, at most a minute."""
    return min(CLAIM_RETRY_S * float(2 ** min(misses, 5)), 60.0)


@dataclass
class Claims:
    """What one step's claiming did: bundles that failed whole at intake, and whether work came in."""

    failures: list[tuple[str, FileFailure]] = field(default_factory=list)
    changed: bool = False


class Claimer:
    def __init__(
        self,
        ledger: Ledger,
        intake: Intake,
        contain: Containment,
        folders: Mapping[str, ResolvedFolder],
        commands: Mapping[str, Command],
        mono: Callable[[], float],
    ) -> None:
        self.ledger, self.intake, self.contain = ledger, intake, contain
        self.folders, self.commands, self.mono = folders, commands, mono
        self.watches = {name: FolderWatch(folder) for name, folder in folders.items()}
        native = [folders[name].inbox for name, w in self.watches.items() if w.status().mode == "native"]
        self.native = NativeWatcher(native) if native else None
        self.unclaimed: set[str] = set()  # folders with ready bundles left for the next step
        self._retry: dict[str, float] = {}  # folder -> when to scan again for a bundle not taken yet
        self._misses: dict[str, int] = {}  # folder -> scans in a row that left a bundle not taken

    def rescan_all(self) -> None:
        self.unclaimed.update(self.watches)

    def claim(self) -> Claims:
        """Scan what is due and claim ready bundles, for at most CLAIM_BUDGET_S."""
        now = self.mono()
        deadline = now + CLAIM_BUDGET_S
        dirty = self.native.drain() if self.native is not None else set()
        overflow = self.native.overflowed() if self.native is not None else False
        claims = Claims()
        for name, watch in self.watches.items():
            folder = self.folders[name]
            retry_due = self._retry.get(name, float("inf")) <= now
            if not (watch.due(now, folder.inbox in dirty, overflow) or name in self.unclaimed or retry_due):
                continue
            self._retry.pop(name, None)
            try:
                result = watch.step(now)
            except Exception as error:  # noqa: BLE001 - one folder's scan must not stop the others
                self.contain.scan_failed(name, error)
                continue
            claimed = self.ledger.claimed_keys(name)
            refused = self.contain.refused_claims
            ready = [
                (b, m) for b in result.ready
                if claim_key(name, b) not in refused and (m := unclaimed_members(b, folder.inbox, claimed))
            ]
            self.unclaimed.discard(name)
            not_taken = False
            with self.ledger.batch():
                for bundle, members in ready:
                    if self.mono() > deadline:
                        self.unclaimed.add(name)  # the rest next step: dispatch must not wait behind a big drop
                        break
                    try:
                        claim = self.intake.claim(folder, self.commands[folder.name], bundle, members)
                    except Exception as error:  # noqa: BLE001 - this bundle fails alone
                        self.contain.claim_failed(name, folder.failed, folder.command, bundle, error)
                        continue
                    if claim is None:  # changed while copied, staging full, unreadable: look again, event or not
                        self._retry.setdefault(name, now + claim_retry_s(self._misses.get(name, 0)))
                        not_taken = True
                    elif claim.failure is not None:
                        claims.failures.append((claim.job_id, claim.failure))
                    claims.changed = True
            # Back off while the same obstacle stays (an unreadable file must not mean a claim every 2 s).
            self._misses[name] = self._misses.get(name, 0) + 1 if not_taken else 0
        return claims
