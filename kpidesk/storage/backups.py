"""Backup copies of a firm's document: taken, listed, rotated and restored.

Where they live: in a folder beside the document, ``公司.kpidesk.backups/``. Beside the file is
what a user finds when something went wrong, and it moves with the document to a new laptop or
a USB stick; a per-user data folder keyed by the file's identity would be lost with the old
laptop and found by nobody. The price — on a cloud-sync folder every backup is uploaded too — is
paid only by documents that should not live there anyway (kpidesk warns about such folders when
it opens one, ``core.locations``).

Each copy is made with SQLite's online backup API (committed pages still in the ``-wal`` are
copied too), written under a temporary name, verified (the file is a kpidesk document, its
``PRAGMA quick_check`` is ``ok``) and only then renamed into place, atomically: a backup that
is listed is a whole one. Names sort by time and read as what they are, with an ASCII
timestamp and reason: ``公司 2026-12-02 093012 open.kpidesk``.

Rotation keeps the newest ``keep`` of the automatic ones (taken on open and while editing share
one pool); a backup made by hand, the copy kept before a restore, a damaged file set aside and
the copy taken before a migration (``公司.before-REV-….kpidesk`` beside the document) are never
deleted by kpidesk.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kpidesk.i18n import N_

from .document import APPLICATION_ID, SUFFIX, _backup_copy, is_url, probe
from .errors import CorruptDocument, DocumentError, NotKpideskFile
from .lock import DocumentLock

# Reason codes, as they appear in file names.
ON_OPEN, WHILE_EDITING, BY_HAND = "open", "auto", "manual"
KEPT_BEFORE_RESTORE, DAMAGED, BEFORE_MIGRATION = "kept", "damaged", "migration"
ROTATING = frozenset({ON_OPEN, WHILE_EDITING})  # the only ones rotation may delete
REASONS = (ON_OPEN, WHILE_EDITING, BY_HAND, KEPT_BEFORE_RESTORE, DAMAGED, BEFORE_MIGRATION)
DEFAULT_KEEP = 10
_STAMP = "%Y-%m-%d %H%M%S"
_NAME = re.compile(
    r"^(?P<stem>.+) (?P<day>\d{4}-\d{2}-\d{2}) (?P<time>\d{6})(?:-\d+)? (?P<reason>[a-z]+)"
    + re.escape(SUFFIX)
    + "$"
)
_MIGRATION = re.compile(r"\.before-.+-(?P<stamp>\d{8}-\d{6})" + re.escape(SUFFIX) + "$")
_SIDECARS = ("-wal", "-shm", "-journal")
# A name is chosen and taken in one step: the backup on opening runs on a thread of its own and
# must not take the name a backup by hand chose in the same second (os.replace would overwrite).
_NAMING = threading.Lock()


@dataclass(frozen=True)
class Backup:
    path: Path
    taken: datetime
    reason: str
    size: int
    good: bool

    @property
    def protected(self) -> bool:
        """Never deleted by rotation: made by hand, kept before a restore, set aside, or
        taken before a migration."""
        return self.reason not in ROTATING


def _refuse_url(target: str | Path) -> None:
    if is_url(target):
        raise DocumentError(
            N_(
                "{url} is a database on a server: its backups are the server's job (ask whoever runs it to run {tool} every night, for example); kpidesk backs up .kpidesk files only."
            ),
            url=str(target).split("://", 1)[0] + "://…",
            tool="pg_dump",
        )


def backup_folder(path: str | Path) -> Path:
    """The folder beside the document that holds its backups."""
    _refuse_url(path)
    path = Path(path)
    return path.with_name(path.name + ".backups")


def _intact_header(path: Path) -> bool:
    """A cheap look at a backup for the list (header, application id, length); a full check is
    made when it is taken and again before it is restored."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return False
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return False
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        return False
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    return size >= int.from_bytes(header[28:32], "big") * page_size


def _parse_time(text: str, form: str) -> datetime | None:
    """A name's time, or None for a file that only looks like a backup (2026-13-45)."""
    try:
        return datetime.strptime(text, form)
    except ValueError:
        return None


def _entry(path: Path, taken: datetime, reason: str) -> Backup:
    # a damaged document set aside is kept for its owner, never offered as a good copy
    good = reason != DAMAGED and _intact_header(path)
    return Backup(path, taken, reason, path.stat().st_size, good)


def list_backups(path: str | Path) -> list[Backup]:
    """Every backup of the document, newest first."""
    path = Path(path)
    found: list[Backup] = []
    folder = backup_folder(path)
    if folder.is_dir():
        for candidate in folder.iterdir():
            match = _NAME.match(candidate.name)
            if match and match["stem"] == path.stem and candidate.is_file():
                taken = _parse_time(f"{match['day']} {match['time']}", _STAMP)
                if taken is not None:
                    found.append(_entry(candidate, taken, match["reason"]))
    if path.parent.is_dir():  # the copies taken before a migration, beside the document
        for candidate in path.parent.glob(f"{_glob_escape(path.stem)}.before-*{SUFFIX}"):
            match = _MIGRATION.search(candidate.name)
            taken = _parse_time(match["stamp"], "%Y%m%d-%H%M%S") if match else None
            if taken is not None:
                found.append(_entry(candidate, taken, BEFORE_MIGRATION))
    return sorted(found, key=lambda b: (b.taken, b.path.stat().st_mtime), reverse=True)


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", text)


def _free_name(folder: Path, stem: str, taken: datetime, reason: str) -> Path:
    stamp = taken.strftime(_STAMP)
    candidate = folder / f"{stem} {stamp} {reason}{SUFFIX}"
    count = 2
    while candidate.exists():  # two in one second: numbered, still sorted by time
        candidate = folder / f"{stem} {stamp}-{count} {reason}{SUFFIX}"
        count += 1
    return candidate


def _verify(copy: Path, name: str) -> None:
    try:
        probe(copy)
    except DocumentError as exc:
        raise CorruptDocument(
            N_(
                "The backup of {name} did not verify ({reason}); it was not kept. Check the disk and try again."
            ),
            name=name,
            reason=exc,
        ) from exc


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# A temporary copy this old was left by a kpidesk that ended mid-copy (a younger one may be
# another kpidesk's, being written now).
ABANDONED_AFTER_S = 3600


def _sweep_partials(folder: Path, stem: str) -> None:
    for leftover in folder.glob(f".{_glob_escape(stem)}.partial-*"):
        try:
            if time.time() - leftover.stat().st_mtime > ABANDONED_AFTER_S:
                leftover.unlink()
        except OSError:
            pass  # gone meanwhile, or not ours to remove: it is never listed anyway


def create(
    path: str | Path,
    reason: str = BY_HAND,
    *,
    keep: int = DEFAULT_KEEP,
    now: datetime | None = None,
) -> Backup:
    """A verified copy of the document in its backup folder; then the automatic ones beyond
    ``keep`` are deleted. The document may be open (in this kpidesk): its lock is not needed
    to read it."""
    _refuse_url(path)
    path = Path(path)
    if not _intact_header(path):
        probe(path)  # says what is wrong (damaged, foreign), before a folder is made
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    _sweep_partials(folder, path.stem)
    partial = folder / f".{path.stem}.partial-{os.getpid()}-{threading.get_ident()}"
    try:
        try:
            _backup_copy(path, partial)
        except sqlite3.DatabaseError as exc:
            raise CorruptDocument(
                N_("{name} cannot be backed up: {reason}."), name=path.name, reason=exc
            ) from exc
        _verify(partial, path.name)
        _fsync(partial)
        taken = (now or datetime.now()).replace(microsecond=0)  # as the name keeps it
        with _NAMING:
            final = _free_name(folder, path.stem, taken, reason)
            os.replace(partial, final)
    finally:
        for leftover in ("",) + _SIDECARS:
            path_partial = partial.with_name(partial.name + leftover)
            path_partial.unlink(missing_ok=True)
    if reason in ROTATING:
        rotate(path, keep)
    return _entry(final, taken, reason)


def rotate(path: str | Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete the automatic backups beyond the newest ``keep``; return what was deleted."""
    automatic = [b for b in list_backups(path) if b.reason in ROTATING]
    deleted = []
    for backup in automatic[max(keep, 1) :]:
        backup.path.unlink(missing_ok=True)
        deleted.append(backup.path)
    return deleted


def _changed_at(path: Path) -> float:
    times = [path.stat().st_mtime]
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        times.append(wal.stat().st_mtime)
    return max(times)


def create_if_changed(
    path: str | Path, reason: str = ON_OPEN, *, keep: int = DEFAULT_KEEP
) -> Backup | None:
    """A backup unless the newest one is at least as new as the document's last change (opening
    the same unchanged firm ten times a day makes no ten identical copies)."""
    if not changed_since_newest(path):
        return None
    return create(path, reason, keep=keep)


def changed_since_newest(path: str | Path) -> bool:
    """Whether the document (or its ``-wal``) was written after its newest good backup."""
    path = Path(path)
    newest = next((b for b in list_backups(path) if b.good), None)
    return newest is None or newest.path.stat().st_mtime < _changed_at(path)


def newest_good(path: str | Path) -> Backup | None:
    """The newest backup that passes the full check (for a damaged document)."""
    for backup in list_backups(path):
        if backup.good and backup.reason != DAMAGED:
            try:
                probe(backup.path)
            except DocumentError:
                continue
            return backup
    return None


def _set_aside(path: Path, now: datetime) -> Path:
    """Move a damaged document (and its journal files) into the backup folder; never delete."""
    folder = backup_folder(path)
    folder.mkdir(exist_ok=True)
    with _NAMING:
        target = _free_name(folder, path.stem, now, DAMAGED)
        os.replace(path, target)
    for sidecar in _SIDECARS:
        beside = path.with_name(path.name + sidecar)
        if beside.exists():
            os.replace(beside, target.with_name(target.name + sidecar))
    return target


@dataclass(frozen=True)
class Restored:
    backup: Path
    kept: Path | None  # where the document as it was is kept (a backup, or the damaged file)


def _first_link(path: Path) -> str | None:
    """The digest of the document's first audit row: every backup of a document shares it (it
    is written when the firm is made and never changes), another firm's document does not."""
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            row = db.execute("SELECT digest FROM audit_log ORDER BY id LIMIT 1").fetchone()
        finally:
            db.close()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]


def restore(path: str | Path, backup: str | Path, *, now: datetime | None = None) -> Restored:
    """Put ``backup`` in place of the document. Only with the document closed (its lock is
    taken: a kpidesk that has it open refuses this); the document as it was is kept first —
    a good one as a backup of its own, a damaged one moved aside — so nothing is lost."""
    _refuse_url(path)
    path, backup = Path(path), Path(backup)
    now = now or datetime.now()
    try:
        probe(backup)
    except DocumentError as exc:
        raise CorruptDocument(
            N_("The backup {name} cannot be restored: {reason}"), name=backup.name, reason=exc
        ) from exc
    lock = DocumentLock.acquire(path)
    try:
        kept = None
        if path.exists():
            try:
                probe(path)
                damaged = False
            except CorruptDocument:
                damaged = True
            except NotKpideskFile as exc:
                raise NotKpideskFile(
                    N_("{message} Only a kpidesk document is replaced."), message=exc
                ) from exc
            ours, theirs = (None, None) if damaged else (_first_link(path), _first_link(backup))
            if ours and theirs and ours != theirs:  # unknown (still in a -wal): not refused
                raise NotKpideskFile(
                    N_(
                        "{backup} is not a backup of {name}: it holds another firm's document "
                        "(their audit trails begin differently). Nothing was replaced."
                    ),
                    backup=backup.name,
                    name=path.name,
                )
            kept = (
                _set_aside(path, now)
                if damaged
                else create(path, KEPT_BEFORE_RESTORE, now=now).path
            )
        incoming = path.with_name(f".{path.name}.restoring-{os.getpid()}")
        try:
            _backup_copy(backup, incoming, immutable=True)
            _verify(incoming, backup.name)
            _fsync(incoming)
            # A journal left by the old file must not be paired with the restored one.
            for sidecar in _SIDECARS:
                path.with_name(path.name + sidecar).unlink(missing_ok=True)
            os.replace(incoming, path)
        finally:
            for leftover in ("",) + _SIDECARS:
                incoming.with_name(incoming.name + leftover).unlink(missing_ok=True)
        return Restored(backup, kept)
    finally:
        lock.release()
