"""Another program holding the document's write lock: kpidesk waits a little, then says so in
words and changes nothing (issue 13)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from kpidesk.services import FirmService, open_document
from kpidesk.services.editing import EditRefused, EditService
from kpidesk.storage.errors import DocumentError


def test_a_write_lock_held_elsewhere_ends_in_words_and_changes_nothing(demo_path):
    with open_document(demo_path) as document:
        firm = FirmService(document)
        contract = firm.contracts()[0]
        line = contract.lines[0]
        before = firm.score(contract.id, "2003-06").actuals[line.id]

        # Wait 0.1 s instead of 5 s: the refusal is what is tested, not SQLite's patience.
        @event.listens_for(document.engine, "connect")
        def _impatient(dbapi_connection, _record) -> None:
            dbapi_connection.execute("PRAGMA busy_timeout = 100")

        document.engine.dispose()
        other = sqlite3.connect(demo_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            with pytest.raises(EditRefused) as refused:
                EditService(document).record_actual(line.id, "2003-06", 99.0)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert str(refused.value) == (
            "firm.kpidesk is busy: another program is writing to it. Nothing was changed; "
            "try again in a moment."
        )
        assert firm.score(contract.id, "2003-06").actuals[line.id] == before


def test_a_file_kpidesk_may_not_read_is_said_in_words(demo_path, monkeypatch):
    # The system refuses the read (tests run as root here, who may read anything: the refusal
    # is the operating system's answer, given to kpidesk as it would be).
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == demo_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(DocumentError) as refused:
        open_document(demo_path)
    assert str(refused.value).startswith("firm.kpidesk cannot be read: you have no permission")
