"""Backups and the document's location, for the window and the command line (issue 13).

The copies themselves are ``storage.backups``' business (where they live, how they are taken,
verified, rotated and restored); this façade adds what the system
says about the document's folder (network mounts, Windows drive types) for
``core.locations``, and the words a user reads."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path

from kpidesk.core.locations import location_risk, location_warning, parse_mounts
from kpidesk.core.problems import Problem
from kpidesk.i18n import N_, _
from kpidesk.storage.backups import (
    BY_HAND,
    DEFAULT_KEEP,
    ON_OPEN,
    WHILE_EDITING,
    Backup,
    Restored,
    backup_folder,
    changed_since_newest,
    create,
    create_if_changed,
    list_backups,
    newest_good,
    restore,
)
from kpidesk.storage.document import is_url
from kpidesk.storage.errors import DocumentError

__all__ = [
    "BY_HAND",
    "DEFAULT_KEEP",
    "ON_OPEN",
    "WHILE_EDITING",
    "Backup",
    "Restored",
    "backup_folder",
    "changed_since_newest",
    "create",
    "create_if_changed",
    "find_backup",
    "list_backups",
    "location_problem",
    "newest_good",
    "reason_text",
    "restore",
    "size_text",
]


def _mounts() -> list[tuple[str, str]]:
    try:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as handle:
            return parse_mounts(handle.read())
    except OSError:
        return []  # not Linux (macOS: the path names of sync folders still tell)


def _drive_type(path: Path) -> int | None:
    if sys.platform != "win32":
        return None
    import ctypes

    drive = os.path.splitdrive(str(path))[0]
    if not drive or drive.startswith("\\\\"):
        return None
    return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\"))


def location_problem(target: str | Path) -> Problem | None:
    """Why the document's folder is risky (a network share, a cloud-sync folder), or None."""
    if is_url(target):
        return None
    path = Path(target)
    real = path.resolve()
    reason = location_risk(str(path), (), None) or location_risk(
        str(real), _mounts(), _drive_type(real)
    )
    return location_warning(reason, path.name) if reason else None


_REASON_WORDS = {
    "open": N_("on opening"),
    "auto": N_("while editing"),
    "manual": N_("by hand"),
    "kept": N_("kept before a restore"),
    "damaged": N_("damaged file set aside"),
    "migration": N_("before an upgrade"),
}


def reason_text(reason: str) -> str:
    """Why a backup was taken, in the language in force."""
    return _(_REASON_WORDS[reason]) if reason in _REASON_WORDS else reason


def size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, size // 1000)} KB"


def find_backup(target: str | Path, name: str) -> Backup:
    """A backup of the document named by its path or by its file name in the backup folder."""
    given = Path(name)
    for backup in list_backups(target):
        if backup.path.name == given.name and (
            given.parent == Path(".") or given.resolve() == backup.path.resolve()
        ):
            return backup
    if given.is_file():  # a copy kept elsewhere (on a USB stick): restorable too
        return Backup(
            given,
            datetime.fromtimestamp(given.stat().st_mtime),
            BY_HAND,
            given.stat().st_size,
            True,
        )
    raise DocumentError(
        N_("There is no backup {name} of {document} (see: {command})."),
        name=name,
        document=Path(target).name,
        command=f"kpidesk backup list {target}",
    )
