"""Detection, settling, completeness and bundling of inbox drops (see DESIGN.md, "Drops, bundles and jobs")."""

from hotfolder.watch.bundles import Bundle, group_bundles
from hotfolder.watch.completeness import incomplete_reason
from hotfolder.watch.folder import FolderStatus, FolderWatch, scan_due
from hotfolder.watch.fstype import choose_mode
from hotfolder.watch.junk import DEFAULT_JUNK, is_junk
from hotfolder.watch.native import NativeWatcher
from hotfolder.watch.scan import Snapshot, scan_inbox
from hotfolder.watch.settle import Observation, StatKey, is_settled, observe
from hotfolder.watch.ticket import Ticket, load_ticket
from hotfolder.watch.tracker import InboxTracker, Member, ReadyBundle, TrackerResult, WaitingBundle

__all__ = [
    "DEFAULT_JUNK",
    "Bundle",
    "FolderStatus",
    "FolderWatch",
    "InboxTracker",
    "Member",
    "NativeWatcher",
    "Observation",
    "ReadyBundle",
    "Snapshot",
    "StatKey",
    "Ticket",
    "TrackerResult",
    "WaitingBundle",
    "choose_mode",
    "group_bundles",
    "incomplete_reason",
    "is_junk",
    "is_settled",
    "load_ticket",
    "observe",
    "scan_due",
    "scan_inbox",
]
