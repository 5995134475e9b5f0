"""A number cell of the contract, typed through the real delegate: empty stays empty, a number
typed is read as people type it, and a word is refused with the reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .contract_cells import focus_cell, line_cell

pytestmark = pytest.mark.gui


def _line(window, name: str):
    return next(l for l in window.editor.contract.lines if l.indicator == name)


def test_leaving_an_untouched_editor_on_an_empty_target_changes_nothing(qtbot, draft):
    window = draft
    steps = window.undo_stack.count()
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "服务规范", "minimum"))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    assert view.focusWidget().text() == ""
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert _line(window, "服务规范").minimum is None
    assert window.undo_stack.count() == steps


def test_a_number_typed_as_people_type_it_is_kept_and_a_word_is_refused(qtbot, draft):
    window = draft
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "营业收入", "challenge"))
    for key in "300":  # each key to whatever has focus, as a keyboard sends it
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert _line(window, "营业收入").challenge == 300
    steps = window.undo_stack.count()
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "营业收入", "challenge"))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    editor = view.focusWidget()
    assert editor.text() == "300"
    editor.selectAll()
    qtbot.keyClicks(editor, "abc")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "keeps its value" in window.last_message)
    assert "'abc' is not a number" in window.last_message
    assert _line(window, "营业收入").challenge == 300
    assert window.undo_stack.count() == steps


def test_a_large_target_shows_and_edits_as_typed_not_in_exponent_form(qtbot, draft):
    window = draft
    view = focus_cell(qtbot, window, line_cell(window.editor.model, "营业收入", "challenge"))
    for key in "12345678":
        qtbot.keyClick(QApplication.focusWidget(), key)
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    cell = line_cell(window.editor.model, "营业收入", "challenge")
    assert cell.data() == "12345678"  # not 1.23457e+07
    view = focus_cell(qtbot, window, cell)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == view.State.EditingState)
    assert view.focusWidget().text() == "12345678"
    qtbot.keyClick(view.focusWidget(), Qt.Key.Key_Escape)
