"""Backups in the window (issue 13): File › Backups… lists them and backs up now; Restore…
asks, naming the backup's time and where the current file is kept, then the firm closes and
opens restored; a backup every N minutes of editing (a fake clock, the timer's slot called);
a damaged file offers its newest good backup and opens it only on consent; a document in a
sync folder is warned about once."""

from __future__ import annotations

import shutil

from PySide6.QtWidgets import QApplication, QMessageBox

from kpidesk.core.problems import Problem
from kpidesk.storage import backups
from kpidesk.ui.files.backups_dialog import BackupsDialog
from kpidesk.ui.firm.firm_actions import CHANGE_SETTINGS
from tests.test_pseudo_locale import pseudo, pseudo_window  # noqa: F401  (fixtures)
from tests.backup_data import add_unit, units


def _open(desk, qtbot, path):
    before = desk.window
    desk.open_path(str(path))
    qtbot.waitUntil(lambda: desk.window is not None and desk.window is not before)
    qtbot.waitUntil(lambda: desk.window.background.idle())
    qtbot.waitUntil(lambda: desk.window.backup_actions.opened_backup_done)
    return desk.window


def _dialog(window, qtbot) -> BackupsDialog:
    window.backup_action.trigger()
    found: list[BackupsDialog] = []
    qtbot.waitUntil(
        lambda: bool(
            found.extend(
                w
                for w in QApplication.topLevelWidgets()
                if isinstance(w, BackupsDialog) and w.isVisible()
            )
            or found
        )
    )
    return found[0]


def test_opening_backs_up_once_and_the_dialog_backs_up_now(desk, qtbot, demo_path):
    window = _open(desk, qtbot, demo_path)
    qtbot.waitUntil(lambda: window.backup_actions.opened_backup_done)
    assert [b.reason for b in backups.list_backups(demo_path)] == ["open"]
    dialog = _dialog(window, qtbot)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "on opening"
    assert dialog.table.item(0, 3).text() == "good"
    assert "firm.kpidesk.backups" in dialog.where.text()
    dialog.back_up_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2)
    assert dialog.table.item(0, 1).text() == "by hand"
    assert window.last_message.startswith("Backed up to firm ")
    dialog.reject()
    # Opened again unchanged: no second on-open copy.
    desk.close()
    desk.open_path(str(demo_path))
    qtbot.waitUntil(lambda: desk.window is not None)
    qtbot.waitUntil(lambda: desk.window.backup_actions.opened_backup_done)
    assert desk.window.backup_actions.opened_backup is None
    assert [b.reason for b in backups.list_backups(demo_path)] == ["manual", "open"]


def test_restore_asks_then_reopens_the_restored_firm(desk, qtbot, demo_path, monkeypatch):
    window = _open(desk, qtbot, demo_path)
    add_unit(demo_path, "UR")  # an edit after the on-open backup
    asked = []

    def question(parent, title, text):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialog = _dialog(window, qtbot)
    taken = backups.list_backups(demo_path)[0].taken.strftime("%Y-%m-%d %H:%M")
    assert dialog.restore_button.isEnabled()
    dialog.restore_button.click()
    assert taken in asked[0] and "firm.kpidesk.backups" in asked[0]
    qtbot.waitUntil(lambda: desk.window is not window and desk.window is not None)
    qtbot.waitUntil(lambda: desk.window.background.idle())
    assert desk.window.isVisible()
    assert "UR" not in units(demo_path)
    kept = [b for b in backups.list_backups(demo_path) if b.reason == "kept"]
    assert len(kept) == 1 and "UR" in units(kept[0].path)
    # the window says which copy it now shows, and where the document as it was is kept
    said = desk.window.statusBar().currentMessage()
    assert said.startswith("Restored the backup firm ") and "not in this document" in said
    assert kept[0].path.name in said


def test_declined_restore_changes_nothing(desk, qtbot, demo_path, monkeypatch):
    window = _open(desk, qtbot, demo_path)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a: QMessageBox.StandardButton.No)
    )
    dialog = _dialog(window, qtbot)
    assert not dialog.restore_selected()
    assert desk.window is window and window.firm.document.lock is not None
    assert [b.reason for b in backups.list_backups(demo_path)] == ["open"]


def test_a_backup_every_n_minutes_of_editing(window, qtbot, demo_path):
    now = [1000.0]
    actions = window.backup_actions
    assert actions.timer.isActive() and actions.timer.interval() == 60_000  # looks every minute
    actions.clock = lambda: now[0]
    actions.last_backup = now[0]
    window.settings.setValue("backups/every_minutes", 5)
    on_open = backups.create(demo_path, backups.ON_OPEN)  # as the app does on opening
    now[0] += 3600
    assert not actions.tick()  # an hour, but nothing changed: no copy
    window.operations.run(
        Problem(CHANGE_SETTINGS),
        lambda: window.firm_actions.settings_edits.set_settings({"firm_name": "河源供电"}),
        window.firm_actions,
    )
    now[0] = actions.last_backup + 4 * 60
    assert not actions.tick()  # changed, but only 4 minutes
    now[0] = actions.last_backup + 5 * 60
    assert actions.tick()
    qtbot.waitUntil(lambda: window.background.idle())
    made = backups.list_backups(demo_path)
    assert [b.reason for b in made] == ["auto", "open"] and made[0].good
    assert made[1] == on_open
    assert window.last_message == f"Backed up to {made[0].path.name}."
    now[0] += 3600
    assert not actions.tick()  # nothing changed since
    # A write that is no undoable operation (the meeting's notes, saved on leaving the field)
    # is seen by the file's time.
    add_unit(demo_path, "UT")
    assert actions.tick()
    qtbot.waitUntil(lambda: window.background.idle())
    newest = backups.list_backups(demo_path)[0]
    assert newest.reason == "auto" and "UT" in units(newest.path)


def test_a_damaged_file_offers_its_newest_good_backup(desk, qtbot, demo_path):
    good = backups.create(demo_path, backups.BY_HAND)
    damaged = demo_path.read_bytes()[: demo_path.stat().st_size // 2]
    demo_path.write_bytes(damaged)
    desk.open_path(str(demo_path))
    qtbot.waitUntil(lambda: desk.offer is not None and desk.offer.isVisible())
    box = desk.offer
    assert "damaged" in box.text() and "A good backup of" in box.text()
    restore = next(b for b in box.buttons() if b.text().startswith("Open the newest good"))
    assert restore.text() == f"Open the newest good backup ({good.taken:%Y-%m-%d %H:%M})"
    assert demo_path.read_bytes() == damaged  # nothing done before the answer
    restore.click()
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    assert desk.exit is None
    aside = [b for b in backups.list_backups(demo_path) if b.reason == "damaged"]
    assert len(aside) == 1 and aside[0].path.read_bytes() == damaged


def test_a_declined_offer_leaves_the_damaged_file_and_ends(desk, qtbot, demo_path, monkeypatch):
    # Outside run_gui's event loop, a real exit would end the event loops of later tests.
    exits: list[int] = []
    monkeypatch.setattr(QApplication, "exit", staticmethod(lambda code=0: exits.append(code)))
    backups.create(demo_path, backups.BY_HAND)
    damaged = demo_path.read_bytes()[: demo_path.stat().st_size // 2]
    demo_path.write_bytes(damaged)
    desk.open_path(str(demo_path))
    qtbot.waitUntil(lambda: desk.offer is not None and desk.offer.isVisible())
    desk.offer.button(QMessageBox.StandardButton.Cancel).click()
    assert desk.exit == 2 and exits == [2] and desk.window is None
    assert demo_path.read_bytes() == damaged
    assert [b.reason for b in backups.list_backups(demo_path)] == ["manual"]


def test_a_document_in_a_sync_folder_is_warned_about(desk, qtbot, demo_path, tmp_path):
    synced = tmp_path / "Dropbox" / "firm.kpidesk"
    synced.parent.mkdir()
    shutil.copy(demo_path, synced)
    window = _open(desk, qtbot, synced)
    qtbot.waitUntil(lambda: window.backup_actions.location_warning is not None)
    assert "Dropbox" in window.last_message and "half-written" in window.last_message
    assert window.statusBar().currentMessage() == window.backup_actions.location_warning


def test_the_backups_dialog_speaks_only_through_the_catalogue(pseudo_window, qtbot, demo_path):  # noqa: F811
    from tests.test_pseudo_locale import OPEN, bypassed, widget_texts

    backups.create(demo_path, backups.BY_HAND)
    backups.create(demo_path, backups.ON_OPEN)
    dialog = _dialog(pseudo_window, qtbot)
    shown = widget_texts(dialog)
    # The file and folder names are the user's; KB and MB read the same in both languages.
    data = (
        *pseudo_window.data_shown,
        str(backups.backup_folder(demo_path)),
        demo_path.name,
        "KB",
        "MB",
    )
    assert any(OPEN in text for text in shown.values())
    assert bypassed(shown, data) == {}
    dialog.reject()


def test_a_backup_on_opening_that_cannot_be_written_is_said_not_a_crash(desk, qtbot, demo_path):
    blocker = backups.backup_folder(demo_path)
    blocker.write_text("a file where the backup folder should be")
    window = _open(desk, qtbot, demo_path)
    assert window.backup_actions.opened_backup is None
    assert window.last_message.startswith("No backup was taken on opening: ")
    assert window.statusBar().currentMessage() == window.last_message
    assert blocker.read_text() == "a file where the backup folder should be"
