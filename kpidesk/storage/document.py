"""Opening, creating and migrating a firm's document.

One firm = one ``.kpidesk`` file = an SQLite database stamped with kpidesk's application id,
foreign keys on, WAL journal, schema versioned by Alembic. A SQLAlchemy URL instead of a path
opens the same schema on a server (PostgreSQL) for firms that outgrow one laptop.

Every refusal happens before anything writes: the file stays byte-for-byte as it was.
"""

from __future__ import annotations

import os
import functools
import logging
import sqlite3
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from collections.abc import Iterator

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from . import audit, audit_chain, review_records  # noqa: F401  (review_records: its tables)
from .errors import (
    CorruptDocument,
    DocumentBusy,
    DocumentError,
    NewerDocument,
    NotKpideskFile,
    ReadOnlyLocation,
)
from .concurrency import Watch
from .lock import DocumentLock
from kpidesk.i18n import N_

APPLICATION_ID = 0x4B504944  # "KPID"
SUFFIX = ".kpidesk"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MIGRATIONS = Path(__file__).with_name("migrations")


_log = logging.getLogger(__name__)

def _alembic_config(connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _revisions() -> tuple[str, frozenset[str]]:
    """The newest schema revision and every one this kpidesk knows: its migration scripts,
    read (and compiled) once a run rather than at every opening."""
    scripts = ScriptDirectory.from_config(_alembic_config(None))
    head = scripts.get_current_head()
    assert head is not None  # the migrations ship with kpidesk
    return head, frozenset(rev.revision for rev in scripts.walk_revisions())


def head_revision() -> str:
    return _revisions()[0]


def known_revisions() -> frozenset[str]:
    return _revisions()[1]


def is_url(target: str | Path) -> bool:
    return "://" in str(target)


def remembered(target: str | Path) -> str:
    """How a document is kept in the recent list and shown: a file by its full path, a
    database URL without its password (typed again, or found by the driver in ~/.pgpass or
    PGPASSWORD): a password is never written into the settings."""
    if not is_url(target):
        return str(Path(target).resolve())
    try:
        url = make_url(str(target))
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads (a bad port): no password kept
        return str(target) if "@" not in str(target) else str(target).split("://")[0] + "://"
    if url.password is None:
        return str(target)  # as typed: a rendered URL would percent-encode a Chinese name
    bare = URL.create(url.drivername, url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False)


def _sqlite_engine(path: Path) -> Engine:
    # A document may be opened on a worker thread and used on the GUI thread; the pool hands a
    # connection to one thread at a time, so SQLite's same-thread guard is only in the way.
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    return engine


def probe(path: Path) -> str | None:
    """Check that ``path`` is an intact kpidesk document without writing to it; return its
    schema revision. Raises a DocumentError subclass naming what is wrong."""
    name = path.name
    try:
        path.stat()
    except PermissionError as exc:
        raise DocumentError(
            N_(
                "{name} cannot be read: you have no permission to read it (or its folder). Ask whoever manages the folder, or copy the file to a folder of yours."
            ),
            name=name,
        ) from exc
    except OSError:
        pass  # missing: said below
    if not path.exists():
        raise DocumentError(N_("There is no file {path}."), path=path)
    if path.is_dir():
        raise NotKpideskFile(N_("{path} is a folder, not a kpidesk document."), path=path)
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except PermissionError as exc:
        raise DocumentError(
            N_(
                "{name} cannot be read: you have no permission to read it (or its folder). Ask whoever manages the folder, or copy the file to a folder of yours."
            ),
            name=name,
        ) from exc
    except OSError as exc:
        raise DocumentError(
            N_("{name} cannot be read: {reason}."), name=name, reason=exc.strerror or exc
        ) from exc
    if not header.startswith(_SQLITE_MAGIC):
        raise NotKpideskFile(
            N_(
                "{name} is not a kpidesk document (it is not an SQLite database at all). Choose a .kpidesk file; kpidesk leaves this one untouched."
            ),
            name=name,
        )
    if len(header) < 100:
        raise CorruptDocument(
            N_(
                "{name} is cut short ({value1} bytes): the file is damaged. Restore it from a backup copy."
            ),
            name=name,
            value1=path.stat().st_size,
        )
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise NotKpideskFile(
            N_(
                "{name} is an SQLite database of another program, not a kpidesk document; kpidesk leaves it untouched."
            ),
            name=name,
        )
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    if header[24:28] == header[92:96] and path.stat().st_size < pages * page_size:
        raise CorruptDocument(
            N_(
                "{name} is cut short: it should hold {value1} bytes but has {value2}. The file is damaged (an interrupted copy or download?). Restore it from a backup copy."
            ),
            name=name,
            value1=pages * page_size,
            value2=path.stat().st_size,
        )
    try:
        # immutable: read the main file only, creating no -wal/-shm beside it.
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                # SQLite's own words are English and technical: the log keeps them.
                _log.warning("quick_check of %s: %s", path, "; ".join(problems[:10]))
                raise CorruptDocument(
                    N_(
                        "{name} is damaged: part of it no longer reads back as it was written "
                        "(a disk fault, or a copy interrupted). Restore it from a backup copy "
                        "(File › Backups…, or kpidesk backup restore)."
                    ),
                    name=name,
                )
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        _log.warning("reading %s: %s", path, exc)  # SQLite's words, for whoever reads the log
        raise CorruptDocument(
            N_(
                "{name} cannot be read: the file is damaged (a disk fault, or a copy "
                "interrupted). Restore it from a backup copy (File › Backups…, or kpidesk backup "
                "restore)."
            ),
            name=name,
        ) from exc
    return rows[0][0] if rows else None


class Document:
    """An open firm: its engine, a session per transaction, and the lock that says who has it."""

    def __init__(
        self,
        engine: Engine,
        *,
        path: Path | None = None,
        lock: DocumentLock | None = None,
        actor: str | None = None,
    ):
        self.engine = engine
        self.path = path
        self.lock = lock
        self.actor = actor or audit.default_actor()
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit.install(self._sessions)
        self.backup: Path | None = None
        # A server database has several writers: the audit log witnesses what this document's
        # window has seen, and an edit on a row changed since is refused (storage/concurrency).
        self.watch: Watch | None = None

    @property
    def name(self) -> str:
        return self.path.name if self.path else self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed whole or not at all, audited under ``actor``. When
        another program holds the file's write lock longer than SQLite waits (5 s), the work is
        rolled back and the refusal says so in words."""
        try:
            with self._sessions() as session:
                session.info["actor"] = self.actor
                with session.begin():
                    yield session
                    session.flush()
                    if session.info.pop("audit_written", False):
                        if self.watch is not None:
                            self.watch.check(session)  # before sealing: its rows are its own
                        audit_chain.seal(session)  # whatever wrote them, they are linked
                if self.watch is not None:
                    self.watch.committed(session)
        except OperationalError as exc:
            if "database is locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                raise
            raise DocumentBusy(
                N_(
                    "{name} is busy: another program is writing to it. Nothing was changed; try again in a moment."
                ),
                name=self.name,
            ) from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def revision(self) -> str | None:
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def close(self) -> None:
        self.engine.dispose()
        if self.lock:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Document:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _upgrade(engine: Engine) -> None:
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")


def _check_revision(revision: str | None, name: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise NewerDocument(
            N_(
                "{name} was saved by a newer kpidesk (schema {revision}); this kpidesk knows up to {value1}. Update kpidesk to open it; the file was not changed."
            ),
            name=name,
            revision=revision,
            value1=head_revision(),
        )


def create_document(
    path: Path, *, actor: str | None = None, lock: DocumentLock | None = None
) -> Document:
    """A new, empty firm file at ``path`` (which must not exist). ``lock``: the lock already
    held on the path (``remove_for_replacement`` keeps it from the removal to the new file)."""
    path = Path(path)
    if path.exists():
        raise DocumentError(N_("{path} already exists; kpidesk will not overwrite it."), path=path)
    if not path.parent.is_dir():
        raise DocumentError(N_("The folder {parent} does not exist."), parent=path.parent)
    lock = lock or DocumentLock.acquire(path)
    try:
        engine = _sqlite_engine(path)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        _upgrade(engine)
        return Document(engine, path=path, lock=lock, actor=actor)
    except BaseException:
        lock.release()
        raise


def remove_for_replacement(path: Path) -> DocumentLock:
    """Delete the kpidesk document at ``path`` so that a new one can take its place, and return
    its lock, still held, for ``create_document``. The lock is taken first: a document open in
    a kpidesk (on this machine or another) is never removed, and the refusal names who has it;
    a lock left by a crashed kpidesk on this machine is taken over. A file that is not a
    kpidesk document is refused too. Nothing is touched before both checks pass."""
    path = Path(path)
    try:
        probe(path)
    except CorruptDocument:
        pass  # a damaged kpidesk document may be replaced
    except NotKpideskFile as exc:
        raise NotKpideskFile(
            N_("{message} Only a kpidesk document is replaced."), message=exc
        ) from exc
    lock = DocumentLock.acquire(path)
    try:
        # A journal left beside the old file must not be paired with the new one (SQLite's
        # "how to corrupt": mispairing a database and its journal).
        for leftover in ("-wal", "-shm", "-journal"):
            path.with_name(path.name + leftover).unlink(missing_ok=True)
        path.unlink()
    except BaseException:
        lock.release()
        raise
    return lock


def _url_engine(target: str) -> tuple[Engine, str]:
    """An engine for a database URL and the URL as messages show it (never its password). A URL
    kpidesk cannot use is refused in words."""
    try:
        url = make_url(target)
    except ArgumentError as exc:
        raise DocumentError(
            N_("{url} is not a database address kpidesk understands."),
            url=target.split("://", 1)[0] + "://…",
        ) from exc
    shown = url.render_as_string(hide_password=True)
    try:
        return create_engine(url), shown
    except (ArgumentError, NoSuchModuleError) as exc:
        raise DocumentError(
            N_(
                "{url} names a kind of database kpidesk cannot open ({scheme}); use a .kpidesk file or a postgresql:// address."
            ),
            url=shown,
            scheme=url.drivername,
        ) from exc


# libpq's words: "password authentication failed for user …", "fe_sendauth: no password
# supplied", and for another method "… authentication failed for user …".
_LOGIN_REFUSED = ("authentication failed", "no password supplied")


def _refused_login(reason: str) -> bool:
    """The server refused the user or the password (PostgreSQL says so in English unless its
    messages were translated, when the general refusal below still names the server's words)."""
    unknown_role = 'role "' in reason and "does not exist" in reason
    return unknown_role or any(words in reason for words in _LOGIN_REFUSED)


def _unreachable(exc: DBAPIError, shown: str, password: str | None) -> DocumentError:
    """Why a server could not be used (down, wrong password, no such database), in one
    paragraph, with the password never repeated."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    if _refused_login(reason):
        # Said as what it is; the server's own words would add nothing the user can act on.
        return DocumentError(
            N_(
                "{url} did not accept the user name or password: the server refused to let {user} in. Check both and try again."
            ),
            url=shown,
            user=make_url(shown).username or "",
        )
    if password:
        reason = reason.replace(password, "***")
    return DocumentError(
        N_("{url} cannot be opened: {reason}. Check the address, the server and the password."),
        url=shown,
        reason=reason,
    )


def _refuse_foreign_database(connection, shown: str) -> None:
    """A database without kpidesk's schema that holds tables belongs to another program:
    refused before anything is written into it (an empty one becomes a new kpidesk document)."""
    tables = inspect(connection).get_table_names()
    if tables:
        raise NotKpideskFile(
            N_(
                "{url} holds tables of another program ({value1}), not a kpidesk document; kpidesk leaves it untouched."
            ),
            url=shown,
            value1=", ".join(sorted(tables)[:3]) + ("…" if len(tables) > 3 else ""),
        )


def _open_url(target: str, actor: str | None) -> Document:
    engine, shown = _url_engine(target)
    if engine.url.get_backend_name() == "sqlite" and engine.url.database not in (
        None,
        "",
        ":memory:",
    ):
        # A file given by URL is a file: checked, locked and migrated as one (so the same
        # document reached by its path and by its URL is known to be open once).
        engine.dispose()
        return _open_path(Path(engine.url.database), actor)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            if revision is None:
                _refuse_foreign_database(connection, shown)
    except DBAPIError as exc:
        engine.dispose()
        raise _unreachable(exc, shown, engine.url.password) from exc
    except DocumentError:
        engine.dispose()
        raise
    _check_revision(revision, shown)
    if revision != head_revision():
        _upgrade(engine)
    document = Document(engine, actor=actor)
    document.watch = Watch(engine)
    return document


def create_url_document(target: str, *, actor: str | None = None) -> Document:
    """A new firm's document in an empty server database (``kpidesk new|demo URL``): its schema
    is made there. A database holding another program's tables, or a kpidesk firm already, is
    refused before anything is written; an empty kpidesk schema (a database only opened so far)
    is used. A ``sqlite:///`` address is a new file, as a path would be."""
    engine, shown = _url_engine(target)
    if engine.url.get_backend_name() == "sqlite" and engine.url.database not in (None, ""):
        engine.dispose()
        return create_document(Path(engine.url.database), actor=actor)
    try:
        with engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
            if revision is None:
                _refuse_foreign_database(connection, shown)
            else:
                _check_revision(revision, shown)
                settings = connection.exec_driver_sql("SELECT count(*) FROM settings").scalar()
                if settings:
                    raise DocumentError(
                        N_(
                            "{url} already holds a kpidesk firm; kpidesk will not overwrite it. Open it, or give the address of an empty database."
                        ),
                        url=shown,
                    )
    except DBAPIError as exc:
        engine.dispose()
        raise _unreachable(exc, shown, engine.url.password) from exc
    except DocumentError:
        engine.dispose()
        raise
    if revision != head_revision():
        _upgrade(engine)
    document = Document(engine, actor=actor)
    document.watch = Watch(engine)
    return document


def _backup_copy(path: Path, backup: Path, *, immutable: bool = False) -> None:
    """Copy the document with SQLite's online backup: what is committed but still in the
    ``-wal`` beside it is copied too (a file copy would leave it out). ``immutable``: read a
    file known to be closed (a backup being restored) without making a -wal or -shm for it."""
    source = (
        sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        if immutable
        else sqlite3.connect(str(path))
    )
    try:
        target = sqlite3.connect(str(backup))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def open_document(target: str | Path, *, actor: str | None = None) -> Document:
    """Open a firm file (migrating an older one after a backup) or a database URL."""
    if is_url(target):
        return _open_url(str(target), actor)
    return _open_path(Path(target), actor)


def _open_path(path: Path, actor: str | None) -> Document:
    revision = probe(path)
    if revision is None:
        raise CorruptDocument(
            N_(
                "{name} has no kpidesk schema: the file is damaged or was never finished. Restore it from a backup copy."
            ),
            name=path.name,
        )
    _check_revision(revision, path.name)
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise ReadOnlyLocation(
            N_(
                "{name} is read-only or in a folder kpidesk cannot write to ({parent}). Copy it to a folder you can write to and open the copy."
            ),
            name=path.name,
            parent=path.parent,
        )
    lock = DocumentLock.acquire(path)
    try:
        backup = None
        if revision != head_revision():
            backup = path.with_name(
                f"{path.stem}.before-{head_revision()}-{datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
            )
            _backup_copy(path, backup)
        engine = _sqlite_engine(path)
        if backup:
            _upgrade(engine)
        document = Document(engine, path=path, lock=lock, actor=actor)
        document.backup = backup
        return document
    except BaseException:
        lock.release()
        raise
