"""The audit log is a hash chain (issue 13): every row written by any path is linked to the one
before; a row rewritten, slipped in or deleted behind kpidesk's back is found, at the first row
that no longer follows."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from alembic import command
from sqlalchemy import create_engine, select

from kpidesk.core.audit_chain import GENESIS, row_digest
from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditService
from kpidesk.storage import audit_chain
from kpidesk.storage.audit import AuditRecord
from kpidesk.storage.document import APPLICATION_ID, _alembic_config


def rows(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT id, digest FROM audit_log ORDER BY id").fetchall()


def broken(path):
    with open_document(path) as document, document.reading() as session:
        return audit_chain.verify(session)


def edit_something(path) -> None:
    with open_document(path) as document:
        firm = FirmService(document)
        contract = firm.contracts()[0]
        EditService(document).record_actual(contract.lines[0].id, "2003-07", 22.5)
        EditService(document).amend(
            contract.lines[0].id, "target_note", "力争23.5", reason="市场变化", approved_by="林志远"
        )


def test_every_row_is_linked_and_the_chain_holds(demo_path):
    edit_something(demo_path)
    linked = rows(demo_path)
    assert linked and all(digest for _id, digest in linked)
    assert broken(demo_path) is None


def test_the_rule_by_hand():
    # The first row's digest: SHA-256 of "" + newline + the row as canonical JSON.
    import hashlib
    from datetime import datetime

    first = row_digest(
        GENESIS, datetime(2003, 1, 8, 9, 30), "hr", "update", "actuals", 7, "value", 22.1, 22.5
    )
    content = '["2003-01-08T09:30:00","hr","update","actuals",7,"value",22.1,22.5]'
    assert first == hashlib.sha256(("\n" + content).encode()).hexdigest()


def test_a_rewritten_row_breaks_the_chain_there(demo_path):
    edit_something(demo_path)
    victim = rows(demo_path)[-3][0]
    with sqlite3.connect(demo_path) as connection:
        connection.execute("UPDATE audit_log SET who = 'nobody' WHERE id = ?", (victim,))
    found = broken(demo_path)
    assert (found.row_id, found.unsealed) == (victim, False)


def test_a_deleted_row_breaks_the_chain_at_the_next(demo_path):
    edit_something(demo_path)
    ids = [row_id for row_id, _digest in rows(demo_path)]
    with sqlite3.connect(demo_path) as connection:
        connection.execute("DELETE FROM audit_log WHERE id = ?", (ids[5],))
    assert broken(demo_path).row_id == ids[6]


def test_a_row_slipped_in_is_named_and_check_says_so(demo_path):
    with sqlite3.connect(demo_path) as connection:
        connection.execute(
            "INSERT INTO audit_log (at, who, action, entity, entity_id, field, old, new) "
            "VALUES ('2003-07-01 00:00:00', 'x', 'update', 'actuals', 1, 'value', '1', '2')"
        )
        slipped = connection.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    assert broken(demo_path).row_id == slipped and broken(demo_path).unsealed
    result = subprocess.run(
        [sys.executable, "-m", "kpidesk", "check", str(demo_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert (
        f"error: audit log row {slipped}: the audit trail is broken here: this row was "
        "written outside kpidesk" in result.stdout
    )


def test_an_older_documents_rows_are_linked_when_it_is_upgraded(tmp_path):
    path = tmp_path / "old.kpidesk"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(_alembic_config(connection), "0005")
        for value in (1, 2, 3):
            connection.exec_driver_sql(
                "INSERT INTO audit_log (at, who, action, entity, entity_id, field, old, new) "
                f"VALUES ('2003-07-0{value} 00:00:00', 'hr', 'update', 'settings', NULL, "
                f"'current_year', NULL, '{2000 + value}')"
            )
    engine.dispose()
    with open_document(path) as document, document.reading() as session:
        assert audit_chain.verify(session) is None
        digests = session.scalars(select(AuditRecord.digest).order_by(AuditRecord.id)).all()
    assert len(digests) == 3 and all(digests)


@pytest.mark.postgres
def test_the_chain_holds_on_postgres(pg_url):
    from kpidesk.services.demo import populate_demo

    with open_document(pg_url) as document:
        populate_demo(document)
    with open_document(pg_url) as document, document.reading() as session:
        assert audit_chain.verify(session) is None
        assert audit_chain.head(session) is not None
