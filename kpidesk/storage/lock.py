"""A lock file beside the document naming who has it open, so a second kpidesk can say who
(SQLite's own locks cannot, and SQLite alone would let two writers take turns unnoticed)."""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .audit import default_actor
from .errors import DocumentInUse, ReadOnlyLocation
from kpidesk.i18n import N_


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


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

    @classmethod
    def acquire(cls, document: Path) -> DocumentLock:
        path = lock_path(document)
        me = {
            "host": socket.gethostname(),
            "user": default_actor(),
            "pid": os.getpid(),
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        for _attempt in range(2):
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = cls._read(path)
                if holder.get("host") == me["host"] and not _alive(int(holder.get("pid", 0))):
                    path.unlink(missing_ok=True)  # left behind by a crash on this machine
                    continue
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
            return cls(path)
        raise DocumentInUse(
            N_("{name} is being opened by another kpidesk right now."), name=document.name
        )

    @staticmethod
    def _read(path: Path) -> dict:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def release(self) -> None:
        self.path.unlink(missing_ok=True)
