"""Choosing native events or polling for an inbox from the filesystem it lives on.

inotify only sees changes made through this kernel. On a network or FUSE
filesystem, files written by other machines (or by the FUSE daemon itself)
raise no events, so `auto` polls there. Polling is always correct; native
events only make arrivals faster and scans rarer.

Polling filesystems: nfs, nfs4, cifs, smb3, smbfs, 9p (also WSL2's drive
mounts), afs, ceph, glusterfs, davfs, sshfs, virtiofs and vboxsf/vmhgfs (a VM's
host-shared folders), lustre, gpfs, beegfs, ocfs2, gfs2 (cluster filesystems:
other nodes' writes), autofs (a not-yet-mounted automount point, almost always
for a network share), and `fuse`/`fuse.*` (sshfs, rclone, s3fs...). `fuseblk`
(ntfs-3g on a local disk) is native: only this kernel writes to it.
Everything else (ext4, xfs, btrfs, zfs, tmpfs, overlay...) gets native events.
Without a readable mount table `auto` polls: it cannot prove events work.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

MOUNTINFO = Path("/proc/self/mountinfo")

POLLING_FSTYPES = frozenset(
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
        "davfs", "sshfs", "virtiofs", "vboxsf", "vmhgfs", "lustre", "gpfs",
        "beegfs", "ocfs2", "gfs2", "autofs", "fuse",
    }
)

MODES = ("auto", "native", "polling")


@dataclass(frozen=True)
class Mount:
    mount_point: str
    fstype: str
    source: str


def _unescape(field: str) -> str:
    # The kernel writes space, tab, newline and backslash in paths as \ooo.
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def parse_mountinfo(text: str) -> list[Mount]:
    """Mounts in table order; malformed lines are skipped."""
    mounts = []
    for line in text.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:]:
            continue
        sep = fields.index("-", 6)  # optional fields end at the lone "-"
        if len(fields) < sep + 3:
            continue
        mounts.append(Mount(_unescape(fields[4]), fields[sep + 1], _unescape(fields[sep + 2])))
    return mounts


def mount_for(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding the absolute, normalised `path`: the longest mount point above it.

    Among equal mount points the one listed last wins: it is mounted on top.
    """
    best: Mount | None = None
    for mount in mounts:
        point = mount.mount_point.rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        if inside and (best is None or len(point) >= len(best.mount_point.rstrip("/") or "/")):
            best = mount
    return best


def needs_polling(fstype: str) -> bool:
    return fstype in POLLING_FSTYPES or fstype.startswith("fuse.")


def choose_mode(path: Path, setting: str, mounts_text: str | None = None) -> tuple[str, str]:
    """("native" | "polling", why) for an inbox; `mounts_text` defaults to this process's mount table."""
    if setting in ("native", "polling"):
        return setting, "configured"
    if setting != "auto":
        raise ValueError(f"watch mode must be one of {', '.join(MODES)}, not {setting!r}")
    if mounts_text is None:
        try:
            mounts_text = MOUNTINFO.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError as e:
            return "polling", f"auto: mount table unreadable ({e.strerror or e}), polling to be safe"
    real = os.path.realpath(path)
    mount = mount_for(real, parse_mountinfo(mounts_text))
    if mount is None:
        return "polling", f"auto: no mount found for {real}, polling to be safe"
    where = f"{real} is on {mount.fstype} ({mount.source} at {mount.mount_point})"
    if needs_polling(mount.fstype):
        return "polling", f"auto: {where}: remote or FUSE writes raise no inotify events"
    return "native", f"auto: {where}"
