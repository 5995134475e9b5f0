"""Adding a line with a KPI the dictionary does not hold yet: the picker offers to create it in
the dictionary (the entry form, prefilled with what was typed), never a name beside it; and
the picker opens the whole dictionary to choose from (issue 11, METHOD.md §4)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from kpidesk.services.dictionary import DictionaryService
from kpidesk.ui.contract.indicator_picker import IndicatorPicker
from kpidesk.ui.dictionary.dictionary_actions import DictionaryDialog
from kpidesk.ui.dictionary.entry_form import EntryDialog

pytestmark = pytest.mark.gui


def ime_type(widget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def empty_draft(window):
    """总经理 has no contract in the demo: give it an empty draft and show it."""
    window.select_position("总经理")
    window.contract_edits.create_contract(window.current_position()[0], "empty")
    assert window.editor.contract is not None and window.editor.contract.lines == ()
    return window


def open_picker_by_keyboard(qtbot, window):
    button = window.editor.buttons["add_line"]
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def ctrl_z(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.editor.view.setFocus()
    qtbot.keyClick(window.editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_a_new_kpi_typed_in_the_picker_is_created_in_the_dictionary(
    qtbot, empty_draft, answer_dialog
):
    window = empty_draft
    seen = {}

    def fill_entry(dialog):
        seen["entry_dialog"] = type(dialog)
        seen["prefilled"] = dialog.form.editors["name"].text()
        unit = dialog.form.editors["unit"]
        unit.setFocus()
        qtbot.keyClicks(unit, "%")
        qtbot.keyClick(unit, Qt.Key.Key_Return)

    def type_new_name(picker):
        seen["picker"] = type(picker)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is picker.filter)
        ime_type(picker.filter, "网点覆盖率")
        seen["offer"] = picker.create_button.text()
        answer_dialog(fill_entry)  # the entry form opens from the picker
        qtbot.keyClick(picker.filter, Qt.Key.Key_Return)  # nothing matches: Enter creates it

    answer_dialog(type_new_name)
    open_picker_by_keyboard(qtbot, window)
    qtbot.waitUntil(lambda: len(window.editor.contract.lines) == 1)
    assert seen["picker"] is IndicatorPicker and seen["entry_dialog"] is EntryDialog
    assert seen["offer"] == "&Create '网点覆盖率' in the dictionary…"
    assert seen["prefilled"] == "网点覆盖率"
    entry = next(
        e for e in DictionaryService(window.firm.document).entries() if e.name == "网点覆盖率"
    )
    assert (entry.code, entry.unit) == ("K001", "%")  # a dictionary entry, not a line's name
    assert [line.indicator_code for line in window.editor.contract.lines] == ["K001"]
    # Two undo entries after the new contract: the KPI made, then the line added with it.
    assert window.undo_stack.count() == 3
    ctrl_z(qtbot, window)
    assert window.editor.contract.lines == ()
    ctrl_z(qtbot, window)
    assert "K001" not in [e.code for e in DictionaryService(window.firm.document).entries()]


def test_the_picker_opens_the_dictionary_to_choose_from(qtbot, empty_draft, answer_dialog):
    window = empty_draft
    seen = {}

    def use_from_dictionary(dialog):
        seen["dialog"] = type(dialog)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.browser.page.search)
        qtbot.keyClicks(dialog.browser.page.search, "khmyd")
        seen["form"] = dialog.browser.form.editors["name"].text()
        dialog.use_button.setFocus()
        qtbot.keyClick(dialog.use_button, Qt.Key.Key_Space)

    def browse(picker):
        answer_dialog(use_from_dictionary)
        picker.browse_button.setFocus()
        qtbot.keyClick(picker.browse_button, Qt.Key.Key_Space)

    answer_dialog(browse)
    open_picker_by_keyboard(qtbot, window)
    qtbot.waitUntil(lambda: len(window.editor.contract.lines) == 1)
    assert seen["dialog"] is DictionaryDialog and seen["form"] == "客户满意度"
    assert [line.indicator_code for line in window.editor.contract.lines] == ["CSAT"]
