"""File › New firm… (Ctrl+N): the dialog asks for the firm's name, year, the language of its
names and its file; the firm is created in the background and opened in the window through the
same path as File › Open (``app.Desk``), replacing the firm shown."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from kpidesk.ui.firm.new_firm_dialog import NewFirmDialog


@pytest.fixture
def demo_window(desk, demo_path, qtbot):
    desk.open_path(str(demo_path))
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.isVisible())
    window = desk.window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _press_ctrl_n(qtbot, window) -> None:
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_creates_a_new_firm_and_opens_it_in_the_window(
    desk, demo_window, qtbot, answer_safely, demo_path, settings
):
    seen: dict = {}

    def fill(dialog):
        assert isinstance(dialog, NewFirmDialog)
        qtbot.keyClicks(dialog.name, "East Branch")
        # The file is suggested beside the firm shown, named after the new one.
        seen["path"] = dialog.path.text()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # OK

    answer_safely(fill, seen)
    _press_ctrl_n(qtbot, demo_window)
    assert "error" not in seen, seen.get("error")
    assert seen["dialog"] is NewFirmDialog
    created = demo_path.parent / "East Branch.kpidesk"
    assert seen["path"] == str(created)
    qtbot.waitUntil(lambda: desk.window is not demo_window and desk.window is not None)
    window = desk.window
    assert window.windowTitle() == "East Branch.kpidesk — East Branch — kpidesk"
    assert window.tree_model.rowCount() == 0  # an empty organisation
    assert window.value_model.rowCount() == 0  # and an empty value tree
    assert window.undo_stack.count() == 0
    assert created.exists() and desk.document.path == created
    assert settings.value("recent")[0] == str(created.resolve())  # File › Recent files


def test_the_file_button_asks_where_and_adds_the_suffix(
    desk, demo_window, qtbot, answer_safely, monkeypatch, tmp_path
):
    chosen = tmp_path / "chosen" / "west"
    chosen.parent.mkdir()
    asked = []

    def save_as(parent, caption, start, filter_text):
        asked.append(filter_text)
        return str(chosen), filter_text

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_as))
    seen: dict = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "West Branch")
        dialog.choose.setFocus()
        qtbot.keyClick(dialog.choose, Qt.Key.Key_Space)  # the button, by keyboard
        seen["path"] = dialog.path.text()
        dialog.lang.setCurrentIndex(dialog.lang.findData("en"))
        dialog.accept()

    answer_safely(fill, seen)
    _press_ctrl_n(qtbot, demo_window)
    assert "error" not in seen, seen.get("error")
    assert asked == ["kpidesk documents (*.kpidesk)"]
    assert seen["path"] == str(chosen.with_name("west.kpidesk"))
    qtbot.waitUntil(lambda: desk.window is not demo_window and desk.window is not None)
    assert desk.document.path == chosen.with_name("west.kpidesk")
    assert desk.window.firm.name == "West Branch"


def test_an_existing_file_is_refused_in_the_dialog_which_stays_open(
    desk, demo_window, qtbot, answer_safely, demo_path
):
    before = demo_path.read_bytes()
    seen: dict = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "Copy")
        dialog.path.setFocus()
        dialog.path.selectAll()
        qtbot.keyClicks(dialog.path, str(demo_path))
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
        seen["open"] = dialog.isVisible()
        seen["problem"] = dialog.problem.text()
        dialog.reject()  # Cancel

    answer_safely(fill, seen)
    _press_ctrl_n(qtbot, demo_window)
    assert "error" not in seen, seen.get("error")
    assert seen["open"]
    assert seen["problem"] == f"{demo_path} already exists; kpidesk will not overwrite it."
    assert desk.window is demo_window and demo_path.read_bytes() == before


def test_a_window_without_a_creator_offers_no_new_firm(window):
    assert not window.firm_actions.new_firm_action.isEnabled()
    assert window.file_menu.actions()[0] is window.firm_actions.new_firm_action


def test_new_firm_comes_first_in_the_file_menu_with_its_shortcut(demo_window):
    first = demo_window.file_menu.actions()[0]
    assert first.text() == "&New firm…" and first.isEnabled()
    assert first.shortcut().toString() == "Ctrl+N"


def test_a_name_with_a_slash_suggests_a_file_in_the_folder_not_a_folder_of_its_own(
    desk, demo_window, qtbot, answer_safely, demo_path
):
    seen: dict = {}

    def fill(dialog):
        qtbot.keyClicks(dialog.name, "East/West: Co")
        seen["path"] = dialog.path.text()
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # OK

    answer_safely(fill, seen)
    _press_ctrl_n(qtbot, demo_window)
    assert "error" not in seen, seen.get("error")
    created = demo_path.parent / "East_West_ Co.kpidesk"
    assert seen["path"] == str(created)
    qtbot.waitUntil(lambda: desk.window is not demo_window and desk.window is not None)
    assert desk.document.path == created and desk.window.firm.name == "East/West: Co"
