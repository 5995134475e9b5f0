"""Backups beside the document: verified copies with readable names, rotation that keeps the
newest K automatic ones and never the protected ones, the -wal's committed pages included, and
restore that refuses an open document and keeps the current file first."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpidesk.storage import backups
from kpidesk.storage.document import open_document
from kpidesk.storage.errors import CorruptDocument, DocumentError, DocumentInUse, NotKpideskFile
from tests.backup_data import add_unit, units

T0 = datetime(2026, 12, 2, 9, 30, 0)


def test_a_backup_is_named_by_time_and_reason_and_listed_good(demo_path):
    made = backups.create(demo_path, backups.BY_HAND, now=T0)
    assert made.path == demo_path.with_name("firm.kpidesk.backups") / (
        "firm 2026-12-02 093000 manual.kpidesk"
    )
    assert made.good and made.reason == "manual" and made.protected
    listed = backups.list_backups(demo_path)
    assert [(b.path.name, b.taken, b.reason, b.good) for b in listed] == [
        ("firm 2026-12-02 093000 manual.kpidesk", T0, "manual", True)
    ]
    assert listed[0].size == demo_path.stat().st_size  # the demo firm, checkpointed: same pages
    # Nothing but the backup in its folder: the temporary name is gone.
    assert [p.name for p in made.path.parent.iterdir()] == [made.path.name]


def test_rotation_keeps_the_newest_k_automatic_and_every_protected_one(demo_path):
    backups.create(demo_path, backups.BY_HAND, now=T0 - timedelta(days=30))
    old_migration = demo_path.with_name("firm.before-0003-20250101-080000.kpidesk")
    shutil.copy(demo_path, old_migration)
    for minute in range(6):  # open and while-editing share one pool
        reason = backups.ON_OPEN if minute % 2 == 0 else backups.WHILE_EDITING
        backups.create(demo_path, reason, keep=3, now=T0 + timedelta(minutes=minute))
    listed = backups.list_backups(demo_path)
    assert [(b.taken.strftime("%H:%M"), b.reason) for b in listed] == [
        ("09:35", "auto"),
        ("09:34", "open"),
        ("09:33", "auto"),
        ("09:30", "manual"),  # 30 days earlier
        ("08:00", "migration"),
    ]
    assert listed[-1].path == old_migration and listed[-1].protected


def test_two_in_one_second_are_both_kept(demo_path):
    first = backups.create(demo_path, backups.BY_HAND, now=T0)
    second = backups.create(demo_path, backups.BY_HAND, now=T0)
    assert first.path != second.path
    assert second.path.name == "firm 2026-12-02 093000-2 manual.kpidesk"
    assert len(backups.list_backups(demo_path)) == 2


def test_committed_pages_still_in_the_wal_are_backed_up_uncommitted_ones_not(demo_path):
    with open_document(demo_path) as document:
        keeper = sqlite3.connect(demo_path)  # keeps the -wal from being checkpointed away
        keeper.execute("PRAGMA wal_autocheckpoint = 0")
        keeper.execute(
            "INSERT INTO units (code, name, kind, sort) VALUES ('UW', '已提交', 'department', 98)"
        )
        keeper.commit()
        writer = sqlite3.connect(demo_path, isolation_level=None)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute(
            "INSERT INTO units (code, name, kind, sort) VALUES ('UX', '未提交', 'department', 97)"
        )
        wal = demo_path.with_name("firm.kpidesk-wal")
        assert wal.stat().st_size > 0
        assert "UW" not in units(demo_path)  # the main file alone does not have it yet
        made = backups.create(demo_path, backups.BY_HAND)  # while the document is open
        writer.execute("ROLLBACK")
        writer.close()
        keeper.close()
        assert document.lock is not None
    assert "UW" in units(made.path) and "UX" not in units(made.path)


def test_unchanged_document_is_not_backed_up_again_on_open(demo_path):
    assert backups.create_if_changed(demo_path) is not None
    assert backups.create_if_changed(demo_path) is None
    add_unit(demo_path, "UN")
    again = backups.create_if_changed(demo_path)
    assert again is not None and "UN" in units(again.path)


def test_restore_refuses_while_the_document_is_open(demo_path):
    made = backups.create(demo_path, backups.BY_HAND)
    before = demo_path.read_bytes()
    with open_document(demo_path):
        with pytest.raises(DocumentInUse, match="already open in kpidesk"):
            backups.restore(demo_path, made.path)
    assert demo_path.read_bytes() == before
    assert len(backups.list_backups(demo_path)) == 1  # nothing kept: nothing was touched


def test_restore_keeps_the_current_file_first(demo_path):
    made = backups.create(demo_path, backups.BY_HAND, now=T0)
    add_unit(demo_path, "UL")  # an edit after the backup
    restored = backups.restore(demo_path, made.path, now=T0 + timedelta(hours=1))
    assert "UL" not in units(demo_path)
    assert restored.kept is not None and restored.kept.name == "firm 2026-12-02 103000 kept.kpidesk"
    assert "UL" in units(restored.kept)  # the document as it was, with the edit
    with open_document(demo_path) as document:  # the restored file opens as a document
        assert document.revision() is not None
    assert {b.reason for b in backups.list_backups(demo_path)} == {"manual", "kept"}


def test_a_damaged_document_is_set_aside_renamed_never_deleted(demo_path):
    made = backups.create(demo_path, backups.BY_HAND, now=T0)
    damaged = demo_path.read_bytes()[: demo_path.stat().st_size // 2]
    demo_path.write_bytes(damaged)
    with pytest.raises(CorruptDocument):
        open_document(demo_path)
    assert backups.newest_good(demo_path) == made
    restored = backups.restore(demo_path, made.path, now=T0 + timedelta(minutes=5))
    assert (
        restored.kept is not None and restored.kept.name == "firm 2026-12-02 093500 damaged.kpidesk"
    )
    assert restored.kept.read_bytes() == damaged
    with open_document(demo_path):
        pass


def test_a_damaged_backup_is_listed_as_damaged_and_not_restored(demo_path):
    made = backups.create(demo_path, backups.BY_HAND, now=T0)
    made.path.write_bytes(made.path.read_bytes()[:5000])
    assert [b.good for b in backups.list_backups(demo_path)] == [False]
    assert backups.newest_good(demo_path) is None
    before = demo_path.read_bytes()
    with pytest.raises(CorruptDocument, match="cannot be restored"):
        backups.restore(demo_path, made.path)
    assert demo_path.read_bytes() == before


def test_a_foreign_file_is_neither_backed_up_nor_replaced(tmp_path, demo_path):
    foreign = tmp_path / "other.kpidesk"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    with pytest.raises(NotKpideskFile):
        backups.create(foreign)
    made = backups.create(demo_path)
    before = foreign.read_bytes()
    with pytest.raises(NotKpideskFile, match="Only a kpidesk document is replaced"):
        backups.restore(foreign, made.path)
    assert foreign.read_bytes() == before


def test_a_server_database_is_the_servers_to_back_up():
    with pytest.raises(DocumentError, match="backups are the server's job") as refused:
        backups.create("postgresql://hr:secret@db.example/firm")
    assert "secret" not in str(refused.value)


def test_a_deleted_document_is_brought_back_from_its_backup(demo_path):
    made = backups.create(demo_path, backups.BY_HAND)
    demo_path.unlink()
    restored = backups.restore(demo_path, made.path)
    assert restored.kept is None  # nothing was there to keep
    with open_document(demo_path) as document:
        assert document.revision() is not None


_STEMS = st.text(
    alphabet=st.sampled_from("abc XYZ 公司绩效[]*?()-_.'0123"), min_size=1, max_size=16
).filter(lambda s: s.strip(" .") == s and "/" not in s)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stem=_STEMS)
def test_any_document_name_lists_its_own_backups_only(demo_master, tmp_path_factory, stem):
    folder = tmp_path_factory.mktemp("names")
    path = folder / f"{stem}.kpidesk"
    shutil.copy(demo_master, path)
    neighbour = folder / f"{stem} 2.kpidesk"  # a firm whose name starts alike, same folder
    shutil.copy(demo_master, neighbour)
    made = backups.create(path, backups.BY_HAND, now=T0)
    backups.create(neighbour, backups.BY_HAND, now=T0)
    migration = folder / f"{stem}.before-0003-20250101-080000.kpidesk"
    shutil.copy(demo_master, migration)
    listed = backups.list_backups(path)
    assert [(b.path, b.reason) for b in listed] == [
        (made.path, "manual"),
        (migration, "migration"),
    ]


def test_a_copy_left_half_made_by_a_crash_is_swept_a_fresh_one_kept(demo_path):
    folder = backups.backup_folder(demo_path)
    folder.mkdir()
    old = folder / ".firm.partial-99999-1"
    fresh = folder / ".firm.partial-99998-1"
    old.write_bytes(b"SQLite format 3\x00 half")
    fresh.write_bytes(b"SQLite format 3\x00 half")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    backups.create(demo_path, backups.BY_HAND)
    assert not old.exists() and fresh.exists()
    assert len(backups.list_backups(demo_path)) == 1  # a half-made copy is never listed


def test_files_that_only_look_like_backups_are_left_alone(demo_path):
    folder = backups.backup_folder(demo_path)
    folder.mkdir()
    odd = folder / "firm 2026-13-45 999999 open.kpidesk"  # no such day
    odd.write_bytes(b"not a backup")
    made = backups.create(demo_path, backups.ON_OPEN, keep=1)
    assert backups.list_backups(demo_path) == [made]
    assert odd.exists()  # rotation deletes only what it recognises as its own


def test_a_damaged_document_set_aside_is_never_listed_as_good(demo_path):
    """Damaged in the middle (its header intact, as a bad sector leaves it): once set aside it
    is kept for its owner, and the list says damaged, never 完好."""
    made = backups.create(demo_path, backups.BY_HAND, now=T0)
    data = bytearray(demo_path.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    demo_path.write_bytes(bytes(data))
    restored = backups.restore(demo_path, made.path, now=T0 + timedelta(minutes=5))
    listed = {b.reason: b.good for b in backups.list_backups(demo_path)}
    assert restored.kept is not None and listed == {backups.BY_HAND: True, backups.DAMAGED: False}


def test_another_firms_document_is_not_restored_over_this_one(demo_path, tmp_path):
    """``kpidesk backup restore firm.kpidesk other.kpidesk``: a kpidesk file, but no backup of
    this firm — refused, nothing replaced."""
    from kpidesk.cli.main import main

    other = tmp_path / "other.kpidesk"
    assert main(["new", str(other), "--name", "另一家公司"]) == 0
    before = demo_path.read_bytes()
    with pytest.raises(NotKpideskFile, match="is not a backup of firm.kpidesk"):
        backups.restore(demo_path, other, now=T0)
    assert demo_path.read_bytes() == before
    assert backups.list_backups(demo_path) == []
