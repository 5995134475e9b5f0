"""`kpidesk demo PATH --force` replaces a document only when no kpidesk has it open: the lock is
checked before anything is touched, so a window editing the document goes on writing into the
same file and loses nothing."""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys

from kpidesk.cli.main import main
from kpidesk.services import open_document
from kpidesk.storage.audit import default_actor
from kpidesk.storage.contract_repo import ContractRepository
from kpidesk.storage.lock import lock_path


def _demo_contracts(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM contracts").fetchone()[0]
    finally:
        connection.close()


def test_force_refuses_a_document_that_is_open_and_names_who_has_it(demo_path, capsys):
    with open_document(demo_path) as document:  # as the app holds it while someone edits
        inode, before = demo_path.stat().st_ino, demo_path.read_bytes()
        assert main(["demo", str(demo_path), "--force"]) == 2
        message = capsys.readouterr().err
        assert "already open" in message
        assert default_actor() in message and socket.gethostname() in message
        assert demo_path.read_bytes() == before
        assert lock_path(demo_path).exists()  # still the editor's lock
        # The editor's next edit lands in the same file, which is still there.
        with document.transaction() as session:
            ContractRepository(session).record_actual(1, "2003-07", 24.5, entered_by="王芳")
        assert demo_path.stat().st_ino == inode
    with open_document(demo_path) as reopened:
        with reopened.reading() as session:
            assert ContractRepository(session).actuals(1, "2003-07") == {1: 24.5}


def test_force_takes_over_the_lock_of_a_crashed_kpidesk(demo_path, capsys):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    lock_path(demo_path).write_text(
        f'{{"host": "{socket.gethostname()}", "user": "王芳", "pid": {dead}, "since": "2003"}}'
    )
    # The crashed session had deleted a contract; the demo firm has five.
    connection = sqlite3.connect(demo_path)
    connection.execute("DELETE FROM contracts WHERE id = 5")
    connection.commit()
    connection.close()
    assert _demo_contracts(demo_path) == 4
    assert main(["demo", str(demo_path), "--force"]) == 0
    assert "wrote the demo firm" in capsys.readouterr().out
    assert _demo_contracts(demo_path) == 5  # a fresh demo firm
    assert not lock_path(demo_path).exists()  # and nobody holds it afterwards


def test_a_lock_from_another_machine_is_respected_too(demo_path, capsys):
    lock_path(demo_path).write_text(
        '{"host": "hr-laptop", "user": "王芳", "pid": 1, "since": "2003-01-08"}'
    )
    before = demo_path.read_bytes()
    assert main(["demo", str(demo_path), "--force"]) == 2
    assert "王芳 on hr-laptop" in capsys.readouterr().err
    assert demo_path.read_bytes() == before


def test_force_replaces_only_a_kpidesk_document(tmp_path, capsys):
    sheet = tmp_path / "考核表.xlsx"
    sheet.write_bytes(b"PK\x03\x04 a workbook, not a firm")
    assert main(["demo", str(sheet), "--force"]) == 2
    message = capsys.readouterr().err
    assert "not a kpidesk document" in message and "Only a kpidesk document is replaced" in message
    assert sheet.read_bytes() == b"PK\x03\x04 a workbook, not a firm"
    assert not lock_path(sheet).exists()
