"""Detection mode from the mount table: polling on network and FUSE filesystems."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotfolder.watch.fstype import Mount, choose_mode, mount_for, parse_mountinfo

# Shaped like /proc/self/mountinfo on a lab server; one line per kind of mount.
MOUNTINFO = "\n".join(
    [
        "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw,discard",
        "30 22 0:27 / /tmp rw,nosuid - tmpfs tmpfs rw,size=1024k",
        "41 22 0:41 / /srv/nfs rw,relatime shared:20 - nfs4 fs1:/export/lab rw,vers=4.2",
        "42 22 0:42 / /srv/old-nfs rw,relatime - nfs fs2:/vol rw,vers=3",
        "43 22 0:43 / /mnt/smb rw,relatime - cifs //nas/lab rw,vers=3.1.1",
        "44 22 0:44 / /mnt/smb3 rw,relatime - smb3 //nas/lab3 rw",
        "45 22 0:45 / /home/ana/remote rw,nosuid,nodev,relatime - fuse.sshfs ana@host:/data rw,user_id=0",
        "46 22 0:46 / /var/lib/docker/overlay2/abc/merged rw,relatime - overlay overlay rw,lowerdir=/l",
        "47 22 0:47 / /mnt/lab\\040share rw,relatime - cifs //nas/lab\\040share rw",
        "48 41 0:48 / /srv/nfs/local rw,relatime - xfs /dev/sdb1 rw",  # local disk mounted inside the share
        "49 22 0:49 / /mnt/host rw,relatime - virtiofs hostshare rw",
        "50 22 0:50 / /mnt/rclone rw,relatime - fuse rclone:drive rw",
        "51 22 0:51 / /mnt/usb rw,relatime - fuseblk /dev/sdc1 rw",
        "52 22 0:52 / /mnt/auto rw,relatime master:3 - autofs /etc/auto.misc rw",
        "53 52 0:53 / /mnt/auto rw,relatime - ext4 /dev/sdd1 rw",  # the automount, now mounted on top
        "54 22 0:54 / /mnt/wsl rw,relatime - 9p drvfs rw",
        "this line is not mountinfo",
        "",
    ]
)


@pytest.mark.parametrize(
    ("path", "mode", "fstype"),
    [
        ("/srv/nfs/inbox", "polling", "nfs4"),
        ("/srv/old-nfs/inbox", "polling", "nfs"),
        ("/mnt/smb/inbox", "polling", "cifs"),
        ("/mnt/smb3", "polling", "smb3"),
        ("/home/ana/remote/in", "polling", "fuse.sshfs"),
        ("/home/ana/local", "native", "ext4"),
        ("/var/lib/docker/overlay2/abc/merged/inbox", "native", "overlay"),
        ("/tmp/inbox", "native", "tmpfs"),
        ("/tmpfoo/inbox", "native", "ext4"),  # a prefix of a name is not a parent folder
        ("/mnt/lab share/inbox", "polling", "cifs"),  # \040 decoded
        ("/srv/nfs/local/inbox", "native", "xfs"),  # longest mount point wins
        ("/mnt/host/inbox", "polling", "virtiofs"),
        ("/mnt/rclone/in", "polling", "fuse"),
        ("/mnt/usb/in", "native", "fuseblk"),
        ("/mnt/auto/in", "native", "ext4"),  # the mount listed last on a mount point is on top
        ("/mnt/wsl/in", "polling", "9p"),
        ("/", "native", "ext4"),
    ],
)
def test_auto_mode_by_filesystem(path: str, mode: str, fstype: str) -> None:
    chosen, reason = choose_mode(Path(path), "auto", MOUNTINFO)
    assert chosen == mode
    assert reason.startswith(f"auto: {path} is on {fstype} (")


def test_reason_explains_polling() -> None:
    assert choose_mode(Path("/srv/nfs/inbox"), "auto", MOUNTINFO) == (
        "polling",
        "auto: /srv/nfs/inbox is on nfs4 (fs1:/export/lab at /srv/nfs): remote or FUSE writes raise no inotify events",
    )


@pytest.mark.parametrize("setting", ["native", "polling"])
def test_explicit_setting_wins(setting: str) -> None:
    assert choose_mode(Path("/srv/nfs/inbox"), setting, MOUNTINFO) == (setting, "configured")
    assert choose_mode(Path("/tmp/inbox"), setting, MOUNTINFO) == (setting, "configured")


def test_unknown_setting_is_an_error() -> None:
    with pytest.raises(ValueError, match="watch mode must be one of auto, native, polling, not 'inotify'"):
        choose_mode(Path("/tmp"), "inotify", MOUNTINFO)


def test_no_mount_found_polls() -> None:
    expected = ("polling", "auto: no mount found for /srv/x, polling to be safe")
    assert choose_mode(Path("/srv/x"), "auto", "garbage\n") == expected


def test_parse_skips_malformed_lines_and_decodes_escapes() -> None:
    mounts = parse_mountinfo(MOUNTINFO)
    assert len(mounts) == 16
    assert Mount("/mnt/lab share", "cifs", "//nas/lab share") in mounts
    assert parse_mountinfo("1 2 3:4 / /x rw\n1 2 3:4 / /y rw - \n") == []


def test_mount_for_prefers_longest_then_last() -> None:
    mounts = [Mount("/", "ext4", "a"), Mount("/data", "nfs", "b"), Mount("/data", "ext4", "c")]
    assert mount_for("/data/in", mounts) == Mount("/data", "ext4", "c")
    assert mount_for("/database", mounts) == Mount("/", "ext4", "a")
    assert mount_for("/data", mounts) == Mount("/data", "ext4", "c")


def test_this_machines_mount_table(tmp_path: Path) -> None:
    # The real /proc/self/mountinfo: tmp_path sits on some local filesystem here.
    mode, reason = choose_mode(tmp_path, "auto")
    assert (mode, reason.split(" is on ")[0]) == ("native", f"auto: {tmp_path.resolve()}")


def test_symlinked_inbox_is_judged_where_it_points(tmp_path: Path) -> None:
    (tmp_path / "link").symlink_to("/srv/nfs/inbox")
    assert choose_mode(tmp_path / "link", "auto", MOUNTINFO)[0] == "polling"
