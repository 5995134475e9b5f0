"""Is a document's folder a network share or a cloud-sync folder? Pure: the path as text and
what the system says about its mounts (or Windows about its drive) in, a reason or None out.

Why it matters: SQLite's locking is not reliable over network file systems (two writers may
both believe they hold the file), and sync tools (OneDrive, Dropbox, 坚果云 …) upload and
download a file while it is being written, so another computer can receive a half-written
document or a "conflicted copy" that silently forks the firm."""

from __future__ import annotations

import re
from collections.abc import Iterable

from kpidesk.core.problems import Problem
from kpidesk.i18n import N_

# What each reason is called in the warning (product names are not translated).
SYNC_NAMES = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "icloud": "iCloud Drive",
    "google_drive": "Google Drive",
    "nutstore": "坚果云 (Nutstore)",
    "baidu": "百度网盘 (BaiduNetdisk)",
    "wps": "WPS 云文档",
}
NETWORK = ("unc", "network_drive", "network_mount")

# A folder name (one path component, lower case) that a sync tool creates, per tool.
_SYNC_COMPONENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("onedrive", re.compile(r"^onedrive(\b|[ \-_].*)?$")),
    ("dropbox", re.compile(r"^dropbox(\b|[ \-_(].*)?$")),
    ("icloud", re.compile(r"^(icloud ?drive|com~apple~clouddocs)(\b.*)?$")),
    ("google_drive", re.compile(r"^(google ?drive|googledrive|我的云端硬盘)(\b|[ \-_].*)?$")),
    ("nutstore", re.compile(r"^(nutstore|我的坚果云|坚果云)(\b|[ \-_].*)?$")),
    ("baidu", re.compile(r"^(baidunetdisk|baidusyncdisk|百度网盘|百度云同步盘).*$")),
    ("wps", re.compile(r"^(wps ?cloud ?files|wps ?云文档|wps ?云盘|wpsdrive).*$")),
)
# Mount types of network file systems (Linux /proc/mounts, macOS mount).
_NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "fuse.sshfs",
        "sshfs",
        "afpfs",
        "webdav",
        "davfs",
        "fuse.davfs2",
        "9p",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "fuse.rclone",
    }
)
DRIVE_REMOTE = 4  # Windows GetDriveTypeW: a mapped network drive


def _components(path_text: str) -> list[str]:
    return [part.strip().lower() for part in re.split(r"[\\/]+", path_text) if part.strip()]


def _mount_of(path_text: str, mounts: Iterable[tuple[str, str]]) -> str | None:
    """The file system type of the longest mount point that holds the path."""
    path = "/" + "/".join(_components(path_text)) if path_text.startswith("/") else None
    if path is None:
        return None
    best, best_type = "", None
    for point, fstype in mounts:
        point = "/" + "/".join(_components(point))
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, fstype.lower()
    return best_type


def location_risk(
    path_text: str,
    mounts: Iterable[tuple[str, str]] = (),
    drive_type: int | None = None,
) -> str | None:
    """The reason a document at ``path_text`` is at risk: a sync tool's code (``onedrive``,
    ``dropbox``, ``icloud``, ``google_drive``, ``nutstore``, ``baidu``, ``wps``), ``unc``,
    ``network_drive``, ``network_mount``; None for a local folder. ``mounts``: (mount point,
    file system type) pairs; ``drive_type``: what Windows says of the path's drive."""
    text = path_text.strip()
    if text.startswith(("\\\\", "//")) and not text.startswith(("\\\\?\\", "\\\\.\\")):
        return "unc"
    if text.lower().startswith("\\\\?\\unc\\"):
        return "unc"
    components = _components(text)
    joined = "/".join(components)
    if "library/mobile documents" in joined:
        return "icloud"
    for component in components:
        for reason, pattern in _SYNC_COMPONENTS:
            if pattern.match(component):
                return reason
    if drive_type == DRIVE_REMOTE:
        return "network_drive"
    if _mount_of(text, mounts) in _NETWORK_FS:
        return "network_mount"
    return None


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """(mount point, type) pairs from the text of /proc/mounts (spaces escaped as \\040)."""
    pairs = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m[1], 8)), fields[1])
            pairs.append((point, fields[2]))
    return pairs


def location_warning(reason: str, name: str) -> Problem:
    """The warning, saying why, for a document named ``name`` at risk for ``reason``."""
    if reason in NETWORK:
        return Problem(
            N_(
                "{name} is on a network drive. SQLite's file locking does not work reliably over a network, so two people editing it at once can damage it. Keep the document on this computer's own disk (backups are taken beside it) and share copies or exports instead."
            ),
            params={"name": name},
        )
    return Problem(
        N_(
            "{name} is in a {service} folder. Sync tools upload and download a file while kpidesk is still writing it, so another computer may receive a half-written copy or a conflicted copy of the firm. Keep the document in a folder that is not synchronised, and close kpidesk before the tool syncs it."
        ),
        params={"name": name, "service": SYNC_NAMES.get(reason, reason)},
    )
