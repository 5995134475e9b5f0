"""Opening by URL never writes into what is not ours and never shows a password; the backup
taken before a migration holds everything committed (issue 13, first cases)."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa
from alembic import command

from kpidesk.storage.document import _alembic_config, create_document, open_document
from kpidesk.storage.errors import DocumentError, NotKpideskFile


def test_a_foreign_sqlite_file_given_by_url_is_refused_and_left_as_it_was(tmp_path):
    foreign = tmp_path / "crm.db"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    before = foreign.read_bytes()
    with pytest.raises(NotKpideskFile) as refused:
        open_document(f"sqlite:///{foreign}")
    assert "another program" in str(refused.value)
    assert foreign.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crm.db"]


def test_a_missing_sqlite_file_given_by_url_is_not_created(tmp_path):
    with pytest.raises(DocumentError):
        open_document(f"sqlite:///{tmp_path / 'nothing.kpidesk'}")
    assert list(tmp_path.iterdir()) == []


def test_an_unknown_kind_of_database_is_named_without_the_password():
    with pytest.raises(DocumentError) as refused:
        open_document("oracle+nothing://hr:s3cret@db.example/firm")
    message = str(refused.value)
    assert "s3cret" not in message and "oracle+nothing" in message


def test_a_server_that_is_down_is_said_in_words_without_the_password():
    with pytest.raises(DocumentError) as refused:
        open_document("postgresql+psycopg://hr:s3cret@127.0.0.1:1/firm")
    message = str(refused.value)
    assert message.startswith("postgresql+psycopg://hr:***@127.0.0.1:1/firm cannot be opened:")
    assert "s3cret" not in message


@pytest.mark.postgres
def test_a_postgres_database_of_another_program_is_refused_untouched(pg_url):
    engine = sa.create_engine(pg_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE invoices (id integer primary key)")
    with pytest.raises(NotKpideskFile) as refused:
        open_document(pg_url)
    assert "invoices" in str(refused.value)
    assert sa.inspect(engine).get_table_names() == ["invoices"]
    engine.dispose()


@pytest.mark.postgres
def test_an_unknown_postgres_database_is_named(pg_url):
    with pytest.raises(DocumentError) as refused:
        open_document(pg_url + "_not_there")
    assert "cannot be opened" in str(refused.value)


def test_the_backup_before_a_migration_holds_what_is_still_in_the_wal(tmp_path):
    path = tmp_path / "old.kpidesk"
    with create_document(path) as document, document.engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0005")
    # Another connection commits a setting and keeps the write-ahead log open: the row is in
    # the -wal file only, not yet in the main file a plain copy would take.
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO settings (key, value) VALUES ('firm_name', ?)", ('"东方公司"',))
    writer.commit()
    try:
        document = open_document(path)
        try:
            assert document.backup is not None
            with sqlite3.connect(document.backup) as backup:
                names = backup.execute("SELECT value FROM settings WHERE key = 'firm_name'")
                assert names.fetchall() == [('"东方公司"',)]
                revision = backup.execute("SELECT version_num FROM alembic_version").fetchall()
                assert revision == [("0005",)]
        finally:
            document.close()
    finally:
        writer.close()
