"""Opening documents: each refusal is one clear paragraph and leaves the file byte-for-byte
unchanged; older files migrate after a backup; the lock tells a second opener who has it."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from kpidesk.storage.document import (
    APPLICATION_ID,
    _alembic_config,
    create_document,
    head_revision,
    open_document,
)
from kpidesk.storage.errors import (
    CorruptDocument,
    DocumentError,
    DocumentInUse,
    NewerDocument,
    NotKpideskFile,
    ReadOnlyLocation,
)
from kpidesk.storage.lock import lock_path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder with its content hash: a refusal must change none."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def refuse(path: Path, error: type[DocumentError], words: str) -> str:
    before = snapshot(path.parent)
    with pytest.raises(error, match=words) as caught:
        open_document(path)
    assert snapshot(path.parent) == before
    message = str(caught.value)
    assert "\n" not in message and path.name in message
    return message


def test_a_new_document_is_stamped_and_in_wal_mode(tmp_path):
    path = tmp_path / "new.kpidesk"
    with create_document(path) as document:
        assert document.revision() == head_revision()
        with document.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
    assert not lock_path(path).exists()


def test_a_text_file_is_not_a_document(tmp_path):
    path = tmp_path / "notes.kpidesk"
    path.write_text("季度总结\n", encoding="utf-8")
    refuse(path, NotKpideskFile, "not an SQLite database")


def test_another_programs_database_is_not_a_document(tmp_path):
    path = tmp_path / "other.kpidesk"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    refuse(path, NotKpideskFile, "SQLite database of another program")


def test_a_truncated_document_is_refused(demo_path):
    data = demo_path.read_bytes()
    demo_path.write_bytes(data[: len(data) // 2])
    refuse(demo_path, CorruptDocument, "cut short")


def test_a_document_cut_inside_its_header_is_refused(demo_path):
    demo_path.write_bytes(demo_path.read_bytes()[:60])
    refuse(demo_path, CorruptDocument, "cut short")


def test_a_document_with_garbled_pages_is_refused(demo_path):
    data = bytearray(demo_path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 2):
        data[offset : offset + 64] = b"\xde\xad\xbe\xef" * 16
    demo_path.write_bytes(bytes(data))
    refuse(demo_path, CorruptDocument, "damaged")


def test_a_document_from_a_newer_kpidesk_is_refused(demo_path):
    connection = sqlite3.connect(demo_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    message = refuse(demo_path, NewerDocument, "newer kpidesk")
    assert "9999" in message and head_revision() in message


def test_a_document_open_elsewhere_names_who_has_it(demo_path):
    with open_document(demo_path):
        message = refuse(demo_path, DocumentInUse, "already open")
    assert os.uname().nodename in message
    with open_document(demo_path):  # the lock went with the first kpidesk
        pass


def test_a_lock_left_by_a_crash_is_taken_over(demo_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    lock_path(demo_path).write_text(
        f'{{"host": "{os.uname().nodename}", "user": "x", "pid": {dead}, "since": "2003"}}'
    )
    with open_document(demo_path) as document:
        assert document.revision() == head_revision()


def test_a_lock_from_another_machine_is_respected(demo_path):
    lock_path(demo_path).write_text(
        '{"host": "hr-laptop", "user": "王芳", "pid": 1, "since": "2003-01-08"}'
    )
    message = refuse(demo_path, DocumentInUse, "王芳 on hr-laptop")
    assert "delete firm.kpidesk.lock" in message


def test_a_read_only_location_is_refused(demo_master, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    shutil.copy2(demo_master, source / "firm.kpidesk")
    if getattr(os, "geteuid", lambda: -1)() != 0:
        source.chmod(0o555)
        try:
            refuse(source / "firm.kpidesk", ReadOnlyLocation, "cannot write to")
        finally:
            source.chmod(0o755)
        return
    # root writes through permissions; a read-only mount (a CD, a locked share) stops it too.
    mounted = tmp_path / "readonly"
    mounted.mkdir()
    subprocess.run(["mount", "--bind", str(source), str(mounted)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
        refuse(mounted / "firm.kpidesk", ReadOnlyLocation, "cannot write to")
    finally:
        subprocess.run(["umount", str(mounted)], check=True)


def _make_old_document(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(_alembic_config(connection), revision)
        connection.exec_driver_sql(
            "INSERT INTO units (code, name, kind, sort) VALUES ('BR', '分公司', 'company', 0)"
        )
    engine.dispose()


def test_an_older_document_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.kpidesk"
    _make_old_document(path, "0001")
    with open_document(path) as document:
        assert document.revision() == head_revision()
        # The backup is the old document as it was (copied page by page with SQLite's online
        # backup, so not byte for byte: its change counter moves).
        assert document.backup is not None
        with sqlite3.connect(document.backup) as backup:
            assert backup.execute("SELECT version_num FROM alembic_version").fetchall() == [
                ("0001",)
            ]
            assert backup.execute("SELECT name FROM units").fetchall() == [("分公司",)]
        with document.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT name FROM units").scalar() == "分公司"
            assert connection.exec_driver_sql("SELECT count(*) FROM review_meetings").scalar() == 0
    with open_document(path) as again:  # already current: no second backup
        assert again.backup is None


def test_missing_file_and_existing_target(tmp_path, demo_path):
    with pytest.raises(DocumentError, match="There is no file"):
        open_document(tmp_path / "nothing.kpidesk")
    with pytest.raises(DocumentError, match="already exists"):
        create_document(demo_path)
