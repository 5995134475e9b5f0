"""A cell that takes no value says why, in words, when it is typed on or double-clicked."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kpidesk.core.changes import Changes

from .contract_cells import line_cell

pytestmark = pytest.mark.gui


def type_text(qtbot, text: str) -> None:
    for char in text:
        qtbot.keyClick(QApplication.focusWidget(), char)


def focus(qtbot, view, index) -> None:
    view.window().activateWindow()
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view)


def double_click(qtbot, view, index) -> None:
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )



def actual_cell(scoring, name: str):
    model = scoring.model
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    return model.index(row, 3)


def test_double_clicking_a_signed_lines_weight_says_why(window, qtbot):
    assert window.select_position("营业厅营业员")
    assert window.editor.contract.status == "signed"
    view = window.editor.view
    view.expandAll()
    cell = line_cell(view.model(), "营业收入", "weight")
    double_click(qtbot, view, cell)
    assert "signed" in window.last_message and "amendment" in window.last_message
    assert window.statusBar().currentMessage() == window.last_message
    assert not QApplication.activeModalWidget()  # a word in the status bar, not a box


def test_typing_on_a_signed_lines_weight_says_why_and_changes_nothing(window, qtbot):
    assert window.select_position("营业厅营业员")
    view = window.editor.view
    view.expandAll()
    cell = line_cell(view.model(), "营业收入", "weight")
    focus(qtbot, view, cell)
    type_text(qtbot, "35")
    assert "signed" in window.last_message
    assert view.currentIndex() == cell  # no keyboard search jumping to another line
    assert window.editor.contract.lines[0].weight == 30


def test_an_actual_on_a_closed_contract_is_refused_with_the_reason(window, qtbot):
    assert window.select_position("营业厅营业员")
    contract_id = window.editor.contract.id
    window.edits.set_status(contract_id, "closed", date(2004, 1, 10))
    window.apply(Changes(contract=contract_id), quiet=True)
    scoring = window.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    cell = actual_cell(scoring, "营业收入")
    focus(qtbot, scoring.table, cell)
    type_text(qtbot, "270")
    assert "closed" in window.last_message
    assert cell.data() == ""
    # The rule holds below the grid too: the service refuses it with the same words.
    line_id = window.editor.contract.lines[0].id
    assert not window.contract_edits.record_actual_for(line_id, "2003-07", 270.0)
    assert "closed" in window.last_message
    assert window.undo_stack.count() == 0


def test_points_say_they_are_computed(window, qtbot):
    assert window.select_position("营业厅营业员")
    scoring = window.scoring
    cell = actual_cell(scoring, "营业收入").siblingAtColumn(4)
    double_click(qtbot, scoring.table, cell)
    assert "computed" in window.last_message



def test_a_draft_takes_actuals_as_provisional(draft, qtbot):
    window, scoring = draft, draft.scoring
    scoring.period.setCurrentIndex(scoring.period.findData("2003-07"))
    cell = actual_cell(scoring, "营业收入")
    focus(qtbot, scoring.table, cell)
    type_text(qtbot, "270")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell.data() == "270")
    assert cell.siblingAtColumn(4).data() == "24.00"  # base reached: 80 % of 30
    assert "Provisional" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(Qt.ItemDataRole.FontRole).italic()
    window.undo_stack.undo()
    assert cell.data() == ""


def test_a_deduction_item_has_no_weight(draft, qtbot):
    view = draft.editor.view
    view.expandAll()
    cell = line_cell(view.model(), "重大投诉", "weight")
    double_click(qtbot, view, cell)
    assert "no weight" in draft.last_message
