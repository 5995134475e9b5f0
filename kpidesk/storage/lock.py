"""A lock file beside the document naming who has it open, so a second kpidesk can say who
(SQLite's own locks cannot, and SQLite alone would let two writers take turns unnoticed).

The document is known by what it is, not the path it was reached by: the lock goes beside the
real file (a symlink is followed), and on this machine a second lock keyed by the file's
identity (device and inode, in the user's runtime folder) catches the same file reached through
a hard link. A lock whose process is gone — dead, or its pid now another program's (the
process start time differs) — or that is empty or unreadable and old, is taken over."""

from __future__ import annotations

import json
import os
import socket
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .audit import default_actor
from .errors import DocumentInUse, ReadOnlyLocation
from kpidesk.i18n import N_


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


# A lock file this young that cannot be read may still be being written by a kpidesk opening
# the document right now; older, it was left half-written by a crash.
HALF_WRITTEN_GRACE = 5.0


def _process_start(pid: int) -> str | None:
    """When process ``pid`` started (Linux: /proc/PID/stat field 22), to tell a reused pid from
    the kpidesk that wrote a lock; None where the system does not say."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _identity_lock(document: Path) -> Path | None:
    """This machine's lock for the file's identity (device, inode), or None for a file that does
    not exist yet (a new document has no other name). Not on Windows, where a crashed
    kpidesk's lock could not be told from a live one and would stay for good."""
    if os.name == "nt":
        return None
    try:
        stat = document.stat()
    except OSError:
        return None
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(runtime) / f"kpidesk-locks-{getattr(os, 'getuid', lambda: 0)()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None  # nowhere to keep it: the lock beside the file still holds
    return folder / f"{stat.st_dev}-{stat.st_ino}.lock"


def _stale(holder: dict, host: str) -> bool:
    """A lock of this machine whose process is gone, or whose pid another program now has."""
    if holder.get("host") != host:
        return False
    try:
        pid = int(holder.get("pid", 0))
    except (TypeError, ValueError):
        return True
    if pid <= 0 or not _alive(pid):
        return True
    started = holder.get("started")
    return started is not None and _process_start(pid) not in (None, started)


def _alive(pid: int) -> bool:
    if os.name == "nt":
        # os.kill(pid, 0) would terminate the process on Windows: never probe there. A lock
        # left by a crash is then removed by hand, as the message explains.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass
class DocumentLock:
    path: Path
    identity: Path | None = field(default=None)

    @classmethod
    def acquire(cls, document: Path) -> DocumentLock:
        document = Path(document)
        real = document.resolve() if document.is_symlink() else document
        me = {
            "host": socket.gethostname(),
            "user": default_actor(),
            "pid": os.getpid(),
            "started": _process_start(os.getpid()),
            "since": datetime.now().isoformat(timespec="seconds"),
            "path": str(real),
        }
        identity = _identity_lock(real)
        if identity is not None:
            cls._take(identity, me, document)
        try:
            return cls(cls._take(lock_path(real), me, document), identity)
        except BaseException:
            if identity is not None:
                identity.unlink(missing_ok=True)
            raise

    @classmethod
    def _take(cls, path: Path, me: dict, document: Path) -> Path:
        for _attempt in range(2):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = cls._read(path)
                if _stale(holder, me["host"]) or (not holder and cls._abandoned(path)):
                    path.unlink(missing_ok=True)  # left behind by a crash on this machine
                    continue
                if not holder:
                    break  # being written by a kpidesk opening it right now
                raise DocumentInUse(
                    N_(
                        "{name} is already open in kpidesk by {value1} on {value2} since {value3}. Close it there first; if that kpidesk is no longer running, delete {name4}."
                    ),
                    name=document.name,
                    value1=holder.get("user", "?"),
                    value2=holder.get("host", "?"),
                    value3=holder.get("since", "?"),
                    name4=path.name,
                ) from None  # the lock file's existence is the message, not an error of ours
            except PermissionError as exc:
                raise ReadOnlyLocation(
                    N_(
                        "{name} is in a folder kpidesk cannot write to ({parent}). Copy it to a folder you can write to and open the copy."
                    ),
                    name=document.name,
                    parent=document.parent,
                ) from exc
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
            return path
        raise DocumentInUse(
            N_("{name} is being opened by another kpidesk right now."), name=document.name
        )

    @staticmethod
    def _read(path: Path) -> dict:
        """The holder a lock names; empty when the file is empty, garbage or half-written."""
        try:
            holder = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return holder if isinstance(holder, dict) and "host" in holder else {}

    @staticmethod
    def _abandoned(path: Path) -> bool:
        try:
            return time.time() - path.stat().st_mtime > HALF_WRITTEN_GRACE
        except OSError:
            return True

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
        if self.identity is not None:
            self.identity.unlink(missing_ok=True)
